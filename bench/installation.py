"""Flat as the installation grows (issue 18): one council's pages alone, then among many.

On PostgreSQL only: one council is seeded at bench/board.py's medium size (12 members x 80
items, 6 meetings) in two schemas alike; in the second, `councils` other councils are added
with bulk SQL (bench/crowd.py: 1,000 councils are 40k items, 960k positions, 960k audit
entries, 20k meetings). The council's board, item page, dashboard and meeting page are then
timed in both, request by request alternately (target: among the others within 20% of alone;
the ratio's quartiles over the runs give the spread). Every SELECT each page runs among the
others is explained with EXPLAIN (ANALYZE, BUFFERS), printed on stderr, and the sequential scans
of the big tables counted (tests/test_plans.py fails on any).

    .venv/bin/python bench/installation.py [--postgres URL] [--councils 1000] [--runs 15]

`make bench` runs it only when asked: `make bench BENCH_ARGS="--councils 1000"` (the seed
alone takes a few minutes on a 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.board import (  # noqa: E402
    EXTRAS,
    SIZES,
    login,
    make_app,
    migrate,
    postgres_url,
)
from bench.crowd import BIG_TABLES, crowd  # noqa: E402
from bench.seed import seed  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator.db import db  # noqa: E402

RUNS = 15
TARGET = 1.2  # issue 18: within 20% of the same council alone
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def _pages(info: dict) -> dict[str, tuple[str, str]]:
    """page -> (path, a string the page must hold)."""
    return {
        "board": (f"/negotiations/{info['negotiation_id']}", 'class="board"'),
        "item page": (f"/items/{info['probe_item_id']}", 'class="timeline"'),
        "dashboard": ("/", "対応が必要なこと"),
        "meeting page": (f"/meetings/{info['probe_meeting_id']}", 'class="agenda"'),
    }


def _clients(apps: dict[str, tuple[Flask, dict]]) -> dict[str, FlaskClient]:
    """A logged-in client per installation, every page requested twice (caches, templates)."""
    clients = {}
    for name, (app, info) in apps.items():
        client = app.test_client()
        login(client, info["facilitator"], info["password"])
        for path, expect in _pages(info).values():
            for _ in range(2):
                page = client.get(path)
                if page.status_code != 200 or expect.encode() not in page.get_data():
                    raise RuntimeError(f"{name} GET {path}: {page.status_code}")
        clients[name] = client
    return clients


def _time_pages(apps: dict[str, tuple[Flask, dict]], runs: int) -> dict[str, dict[str, list]]:
    """installation -> page -> seconds of each run; the installations and pages alternate
    request by request, so a slow phase of a shared machine slows both alike."""
    clients = _clients(apps)
    times: dict[str, dict[str, list]] = {name: {} for name in apps}
    for _ in range(runs):
        for page in _pages(apps["alone"][1]):
            for name, (_app, info) in apps.items():
                path = _pages(info)[page][0]
                started = time.perf_counter()
                clients[name].get(path)
                times[name].setdefault(page, []).append(time.perf_counter() - started)
    return times


def _statements(app: Flask, info: dict, path: str) -> list[tuple[str, object]]:
    """The SELECTs one GET of the page runs, with their parameters."""
    captured: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, *args) -> None:  # noqa: ANN001, ANN002
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    client = app.test_client()
    login(client, info["facilitator"], info["password"])
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return captured


# A plan line reading a whole big table ("Seq Scan on position p", "Parallel Seq Scan on …").
SEQ_SCAN = re.compile(rf"Seq Scan on ({'|'.join(BIG_TABLES)})\b")


def _explain(app: Flask, info: dict) -> dict[str, int]:
    """EXPLAIN (ANALYZE, BUFFERS) of each page's statements on stderr; page -> seq scans of
    the big tables."""
    scans: dict[str, int] = {}
    for page, (path, _expect) in _pages(info).items():
        scans[page] = 0
        statements = _statements(app, info, path)
        with app.app_context(), db.engine.connect() as conn:
            for n, (statement, parameters) in enumerate(statements, 1):
                print(f"\n-- {page} statement {n}/{len(statements)}", file=sys.stderr)
                print(" ".join(statement.split()), file=sys.stderr)
                explain = f"EXPLAIN (ANALYZE, BUFFERS) {statement}"
                plan = [r[0] for r in conn.exec_driver_sql(explain, parameters)]
                scans[page] += sum(1 for line in plan if SEQ_SCAN.search(line))
                print("\n".join(plan), file=sys.stderr)
    return scans


def _seeded(url: str) -> tuple[Flask, dict]:
    app = make_app(url)
    migrate(app)
    return app, seed(app, *SIZES["medium"], **EXTRAS["medium"])


def _figures(times: dict[str, dict[str, list]], scans: dict[str, int], councils: int) -> list[Row]:
    rows = []
    for page, alone in times["alone"].items():
        among = times["among"][page]
        ratio = statistics.median(among) / statistics.median(alone)
        # The spread: quartiles of the run-by-run ratios (each run had both, back to back).
        q1, _, q3 = statistics.quantiles([b / a for a, b in zip(alone, among, strict=True)], n=4)
        label = f"postgres medium {page}"
        rows.append(Row(f"{label} alone", f"{statistics.median(alone) * 1000:.1f}", "ms"))
        among_ms = f"{statistics.median(among) * 1000:.1f}"
        rows.append(Row(f"{label} among {councils} councils", among_ms, "ms", f"{ratio:.2f}"))
        rows.append(Row(f"{label} ratio quartiles", f"{q1:.2f}–{q3:.2f}"))
        rows.append(Row(f"{label} within 20%", "yes" if ratio <= TARGET else "no"))
        rows.append(Row(f"{label} seq scans of big tables", str(scans[page])))
    return rows


def run(
    postgres: str | None = DEFAULT_POSTGRES, councils: int = 1000, runs: int = RUNS
) -> list[Row]:
    """The four pages of one council alone and among `councils` others (PostgreSQL only): two
    schemas seeded alike, the second crowded, the pages timed alternately."""
    if not postgres or councils <= 0:
        return []
    with postgres_url(postgres) as alone_url, postgres_url(postgres) as among_url:
        apps = {"alone": _seeded(alone_url), "among": _seeded(among_url)}
        started = time.perf_counter()
        with apps["among"][0].app_context(), db.engine.begin() as conn:
            counts = crowd(conn, councils)
        seconds = f"{time.perf_counter() - started:.0f}"
        rows = [Row(f"installation seed ({councils} councils)", seconds, "s")]
        rows += [Row(f"installation {table} rows", f"{n:,}") for table, n in counts.items()]
        times = _time_pages(apps, runs)
        rows += _figures(times, _explain(*apps["among"]), councils)
        for app, _info in apps.values():
            with app.app_context():
                db.engine.dispose()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", default=DEFAULT_POSTGRES)
    parser.add_argument("--councils", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    rows = run(args.postgres, args.councils, args.runs)
    print_table([Row("cores", str(os.cpu_count())), *rows])
    return 0


if __name__ == "__main__":
    sys.exit(main())
