"""Documents (issue 14, point 3): upload and download of a 20 MB document, on SQLite and on
PostgreSQL; the median and the spread (min–max) of RUNS runs of each, and the download's peak
Python allocation (tracemalloc, one extra run), which shows whether the file is held whole.

Each upload is a different file (random bytes behind a PDF header), so that every run stores
its content; it goes through the Flask test client, which builds the multipart body in memory
(part of the time measured). The download is read chunk by chunk as a server would send it.

    .venv/bin/python bench/documents.py [--postgres URL]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.board import make_app, migrate, postgres_url, sqlite_url  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator.db import db  # noqa: E402

RUNS = 5
SIZE = 20 * 1024 * 1024
MB = 1024 * 1024
DEMO_PASSWORD = "kochi-demo-2026"


def _spread(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"


def _file() -> bytes:
    return b"%PDF-1.7\n" + os.urandom(SIZE - 9)


def _consume(client, url: str) -> int:  # noqa: ANN001
    response = client.get(url, buffered=False)
    assert response.status_code == 200, response.status_code
    received = sum(len(chunk) for chunk in response.iter_encoded())
    response.close()
    assert received == SIZE, received
    return received


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def measure(url: str) -> dict[str, object]:
    app = make_app(url)
    app.config.update(WTF_CSRF_ENABLED=False)
    migrate(app)
    from negotiator import demo

    with app.app_context():
        demo.load(join=False)
        db.session.commit()
    client = app.test_client()
    login = {"username": "susaki-liaison", "password": DEMO_PASSWORD}
    assert client.post("/login", data=login).status_code == 302
    uploads, ids = [], []
    for _ in range(RUNS):
        data = {"file": (io.BytesIO(_file()), "大きな資料.pdf")}
        start = time.perf_counter()
        response = client.post("/items/7/documents/new", data=data)
        uploads.append(time.perf_counter() - start)
        assert response.status_code == 302, response.status_code
    with app.app_context():
        from negotiator.documents.models import Document

        ids = [d.id for d in db.session.query(Document).filter(Document.size == SIZE)]
    downloads = [_timed(lambda i=i: _consume(client, f"/documents/{i}")) for i in ids[:RUNS]]
    peak = _peak_mb(lambda: _consume(client, f"/documents/{ids[0]}"))
    with app.app_context():
        db.engine.dispose()
    return {"upload": uploads, "download": downloads, "peak": peak}


def _backends(postgres: str | None) -> Iterator[tuple[str, contextlib.AbstractContextManager]]:
    yield "SQLite", sqlite_url()
    if postgres:
        yield "PostgreSQL", postgres_url(postgres)


def run(postgres: str | None = None) -> list[Row]:
    rows = []
    for name, database in _backends(postgres):
        with database as url:
            result = measure(url)
        rows += [
            Row(
                f"document upload 20 MB, {name}: median (min–max of {RUNS})",
                _spread(result["upload"]),
                "s",
            ),
            Row(
                f"document download 20 MB, {name}: median (min–max of {RUNS})",
                _spread(result["download"]),
                "s",
            ),
            Row(
                f"document download 20 MB, {name}: peak Python allocation",
                f"{result['peak']:.1f}",
                "MB",
            ),
        ]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database")
    args = parser.parse_args()
    print_table(run(args.postgres))
    return 0


if __name__ == "__main__":
    sys.exit(main())
