"""Search at the large size: server time of /search for a few kinds of query, p50 and p95.

Seeds the large benchmark data (bench/seed.py: 50 members x 400 items x 5 revisions, with 20
meetings and their minutes) into a fresh database, indexes it (`flask search reindex`; the seed
inserts in bulk, past the session hook), logs a liaison in and times GET /search for

- a word in every revision       「四半期ごと」 (2,000 revisions)
- a word in most positions       「確認しました」 (every position's statement)
- a rare word                    「第5版で見直し」
- a two-character word           「協議」 (no trigram: the bounded LIKE path)
- two words                      「構成団体 報告」
- a word found nowhere           「存在しない語句」
- one kind's first page          「確認しました」, positions only (every match counted exactly)

Each query runs RUNS times after a warm-up; p50 and p95 are over every request of all the
queries together, and per query the p50. The ratio column is p95 against the 100 ms target.

    .venv/bin/python bench/search.py [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.board import login, make_app, migrate, postgres_url, sqlite_url  # noqa: E402
from bench.seed import seed  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator.db import db  # noqa: E402

SIZE = (50, 400, 5)
MEETINGS = 20
RUNS = 20
TARGET_MS = 100  # issue 14
QUERIES = {  # name: the query string of GET /search
    "every revision": {"q": "四半期ごと"},
    "most positions": {"q": "確認しました"},
    "rare": {"q": "第5版で見直し"},
    "two characters": {"q": "協議"},
    "two words": {"q": "構成団体 報告"},
    "nowhere": {"q": "存在しない語句"},
    "one kind": {"q": "確認しました", "kind": "position"},
}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_backend(url: str, runs: int) -> tuple[dict[str, list[float]], int]:
    """Request times (seconds) per query, and the number of index rows."""
    from negotiator.search import indexing

    app = make_app(url)
    migrate(app)
    info = seed(app, *SIZE, meetings=MEETINGS)
    with app.app_context():
        with db.engine.begin() as conn:
            entries = indexing.reindex(conn)
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE search_entry")
    times: dict[str, list[float]] = {}
    try:
        client = app.test_client()
        login(client, info["liaisons"][0], info["password"])
        for name, query in QUERIES.items():
            client.get("/search", query_string=query)  # warm-up
            times[name] = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get("/search", query_string=query)
                times[name].append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise RuntimeError(f"/search {query}: {response.status_code}")
    finally:
        with app.app_context():
            db.engine.dispose()
    return times, entries


def run(postgres: str | None = None, *, runs: int = RUNS) -> list[Row]:
    backends = [("sqlite", sqlite_url)]
    if postgres:
        backends.append(("postgres", lambda: postgres_url(postgres)))
    rows: list[Row] = []
    for backend, make_url in backends:
        with make_url() as url:
            times, entries = run_backend(url, runs)
        label = f"search {backend} large ({'x'.join(map(str, SIZE))})"
        rows.append(Row(f"{label} index rows", str(entries)))
        for name, values in times.items():
            rows.append(Row(f"{label} {name} p50", f"{statistics.median(values) * 1000:.1f}", "ms"))
        every = [t for values in times.values() for t in values]
        p95 = _percentile(every, 0.95) * 1000
        rows.append(Row(f"{label} p50", f"{statistics.median(every) * 1000:.1f}", "ms"))
        rows.append(Row(f"{label} p95", f"{p95:.1f}", "ms", f"{p95 / TARGET_MS:.2f}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", default=None)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    print_table(run(args.postgres, runs=args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
