"""Flat as the installation grows (issue 18): one council's pages alone, then among many.

On PostgreSQL only: one council is seeded at bench/board.py's medium size (12 members x 80
items, 6 meetings) and its board, item page, dashboard and meeting page timed; then `councils`
other councils are added with bulk SQL (bench/crowd.py: 1,000 councils are 40k items, 960k
positions, 960k audit entries, 20k meetings) and the same pages timed again (target: within
20%). Every SELECT each page runs is then explained with EXPLAIN (ANALYZE, BUFFERS), printed on
stderr, and the sequential scans of the big tables counted (tests/test_plans.py fails on any).

    .venv/bin/python bench/installation.py [--postgres URL] [--councils 1000] [--runs 9]

`make bench` runs it only when asked: `make bench BENCH_ARGS="--councils 1000"` (the seed
alone takes a few minutes on a 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.board import (  # noqa: E402
    EXTRAS,
    SIZES,
    StatementCounter,
    login,
    make_app,
    measure,
    migrate,
    postgres_url,
)
from bench.crowd import BIG_TABLES, crowd  # noqa: E402
from bench.seed import seed  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator.db import db  # noqa: E402

RUNS = 9
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


def _time_pages(app: Flask, info: dict, runs: int) -> dict[str, float]:
    client = app.test_client()
    login(client, info["facilitator"], info["password"])
    with app.app_context():
        counter = StatementCounter(db.engine)
    try:
        return {
            page: measure(client, counter, path, runs, expect).seconds
            for page, (path, expect) in _pages(info).items()
        }
    finally:
        counter.close()


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


def run(
    postgres: str | None = DEFAULT_POSTGRES, councils: int = 1000, runs: int = RUNS
) -> list[Row]:
    """The four pages of one council alone and among `councils` others (PostgreSQL only)."""
    if not postgres or councils <= 0:
        return []
    rows: list[Row] = []
    with postgres_url(postgres) as url:
        app = make_app(url)
        migrate(app)
        info = seed(app, *SIZES["medium"], **EXTRAS["medium"])
        alone = _time_pages(app, info, runs)
        started = time.perf_counter()
        with app.app_context(), db.engine.begin() as conn:
            counts = crowd(conn, councils)
        rows.append(
            Row(
                f"installation seed ({councils} councils)",
                f"{time.perf_counter() - started:.0f}",
                "s",
            )
        )
        rows += [Row(f"installation {table} rows", f"{n:,}") for table, n in counts.items()]
        among = _time_pages(app, info, runs)
        scans = _explain(app, info)
        for page, seconds in alone.items():
            ratio = among[page] / seconds
            label = f"postgres medium {page}"
            rows.append(Row(f"{label} alone", f"{seconds * 1000:.1f}", "ms"))
            rows.append(
                Row(
                    f"{label} among {councils} councils",
                    f"{among[page] * 1000:.1f}",
                    "ms",
                    f"{ratio:.2f}",
                )
            )
            rows.append(Row(f"{label} within 20%", "yes" if ratio <= TARGET else "no"))
            rows.append(Row(f"{label} seq scans of big tables", str(scans[page])))
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
