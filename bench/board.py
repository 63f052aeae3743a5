"""Server time and SQL statements of the board, item, dashboard, meeting, cost and agreement pages.

For each size (small 3 members x 20 items with 2 meetings, 4 cost candidates and an agreement of
the agreed items; medium 12 x 80 with 6 meetings, 6 candidates, 40 articles; large 50 x 400 x 5
revisions with 20 meetings, 8 candidates, 100 articles) this migrates a fresh SQLite database in
a temporary directory, seeds it (bench/seed.py), logs the facilitator in with the Flask test
client and times GET of

- the board              /negotiations/<id>
- an item page           /items/<id>  (the open item with the most positions)
- the dashboard          /            (the facilitator's "my tasks")
- the meeting page       /meetings/<id>  (the last held meeting: agenda with every member's
                                          stance, attendance, actions, minutes being confirmed)
- the cost comparison    /items/<id>/costs  (every candidate computed side by side)
- the agreement preview  /agreements/<id>  (the draft, assembled live)
- the floor              /_floor      (registered here only: one `SELECT 1`, a tiny template; the
                                       logged-in user is loaded too, by Flask-Login's context
                                       processor, so it runs 2 statements)

Each figure is the median of RUNS requests after WARMUPS warm-ups, in this process, so it is
the app's own time plus the test client's small overhead (which the floor pays too). The ratio
column is page time / floor time of the same run. Statements are counted with a
before_cursor_execute listener (BEGIN, COMMIT, ROLLBACK and PRAGMA left out).

    .venv/bin/python bench/board.py [--postgres postgresql://postgres@127.0.0.1:5432/test]

With --postgres the same runs also go against PostgreSQL, each size in a schema of its own
(created and dropped here, selected with options=-csearch_path=...).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, render_template
from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.seed import CHEAP_HASH, seed  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator import create_app  # noqa: E402
from negotiator.db import db  # noqa: E402

SIZES = {  # name: (members, items, revisions)
    "small": (3, 20, 1),
    "medium": (12, 80, 1),
    "large": (50, 400, 5),
}
EXTRAS = {  # name: seed() keywords: meetings, cost candidates, agreement articles (0: agreed items)
    "small": {"meetings": 2, "candidates": 4, "articles": 0},
    "medium": {"meetings": 6, "candidates": 6, "articles": 40},
    "large": {"meetings": 20, "candidates": 8, "articles": 100},
}
RUNS = 9
WARMUPS = 2
TARGET_MS = 150  # issue 7: board and item page at the large size
SKIPPED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")
FLOOR_TEMPLATE = "<!doctype html><title>floor</title><p>{{ value }}</p>"


class StatementCounter:
    """Counts the statements an engine runs (transaction control and PRAGMAs left out)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []
        sa.event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        if not statement.lstrip().upper().startswith(SKIPPED):
            self.statements.append(statement)

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._before)


def make_app(url: str) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH_METHOD": CHEAP_HASH,
        }
    )
    floor_template = app.jinja_env.from_string(FLOOR_TEMPLATE)

    def floor() -> str:
        value = db.session.execute(sa.text("SELECT 1")).scalar_one()
        # A compiled Template goes through render_template like any page (context processors).
        return render_template(floor_template, value=value)

    app.add_url_rule("/_floor", "bench_floor", floor)
    return app


def migrate(app: Flask) -> None:
    from flask_migrate import upgrade

    logging.disable(logging.INFO)  # Alembic's progress lines would clutter the table
    try:
        with app.app_context():
            upgrade(revision="heads")  # the schema has one branch per domain
    finally:
        logging.disable(logging.NOTSET)


@contextlib.contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="negotiator-bench-") as tmp:
        yield f"sqlite:///{tmp}/bench.sqlite3"


@contextlib.contextmanager
def postgres_url(base: str) -> Iterator[str]:
    """A schema of our own in the given database, dropped afterwards."""
    admin_url = sa.engine.make_url(base).set(drivername="postgresql+psycopg")
    schema = f"negotiator_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = admin_url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def login(client: FlaskClient, username: str, password: str) -> None:
    """Log in through the real form, CSRF token included."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"username": username, "password": password, "csrf_token": token and token.group(1)}
    response = client.post("/login", data=data)
    if response.status_code != 302:
        raise RuntimeError(f"login of {username} failed: {response.status_code}")


@dataclasses.dataclass(frozen=True)
class Result:
    seconds: float  # median
    statements: int  # per request
    kib: float  # size of the page


def measure(
    client: FlaskClient,
    counter: StatementCounter,
    path: str,
    runs: int,
    expect: str,
    refuse: str | None = None,
) -> Result:
    """Median time of `runs` GETs after the warm-ups; statements per request (must not vary)."""
    counts = set()
    times = []
    for n in range(WARMUPS + runs):
        counter.statements.clear()
        start = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - start
        body = response.get_data()
        if response.status_code != 200 or expect.encode() not in body:
            raise RuntimeError(f"GET {path}: {response.status_code}, {expect!r} not in the page")
        if refuse and refuse.encode() in body:
            raise RuntimeError(f"GET {path}: {refuse!r} in the page")
        counts.add(len(counter.statements))
        if n >= WARMUPS:
            times.append(elapsed)
    if len(counts) != 1:
        raise RuntimeError(f"GET {path}: statement count changed between runs: {sorted(counts)}")
    return Result(statistics.median(times), counts.pop(), len(body) / 1024)


def run_size(url: str, size: str, runs: int) -> tuple[float, dict[str, Result]]:
    """Seconds to seed, and the results of every page, for one size on one database."""
    members, items, revisions = SIZES[size]
    app = make_app(url)
    migrate(app)
    start = time.perf_counter()
    info = seed(app, members, items, revisions, **EXTRAS[size])
    seeded = time.perf_counter() - start
    with app.app_context():
        counter = StatementCounter(db.engine)
    try:
        client = app.test_client()
        login(client, info["facilitator"], info["password"])
        board = f"/negotiations/{info['negotiation_id']}"
        item = f"/items/{info['probe_item_id']}"
        meeting = f"/meetings/{info['probe_meeting_id']}"
        costs = f"/items/{info['cost_item_id']}/costs"
        agreement = f"/agreements/{info['agreement_id']}"
        results = {
            "floor": measure(client, counter, "/_floor", runs, "<p>1</p>"),
            "board": measure(client, counter, board, runs, 'class="board"'),
            "item page": measure(client, counter, item, runs, 'class="timeline"'),
            "dashboard": measure(client, counter, "/", runs, "対応が必要なこと"),
            "meeting page": measure(client, counter, meeting, runs, 'class="agenda"'),
            # every candidate computes: no 「計算できません」 column
            "cost comparison": measure(
                client, counter, costs, runs, 'class="comparison"', refuse="計算できません"
            ),
            "agreement preview": measure(client, counter, agreement, runs, 'class="agreement-doc"'),
        }
    finally:
        counter.close()
        with app.app_context():
            db.engine.dispose()
    return seeded, results


def run(
    postgres: str | None = None,
    *,
    runs: int = RUNS,
    sizes: list[str] | None = None,
    sqlite: bool = True,
) -> list[Row]:
    """Every page at every size on SQLite (and on PostgreSQL when given a URL)."""
    backends = [("sqlite", sqlite_url)] if sqlite else []
    if postgres:
        backends.append(("postgres", lambda: postgres_url(postgres)))
    rows: list[Row] = []
    for backend, make_url in backends:
        counts: dict[str, dict[str, int]] = {}
        targets: list[Row] = []
        for size in sizes or list(SIZES):
            with make_url() as url:
                seeded, results = run_size(url, size, runs)
            label = f"{backend} {size} ({'x'.join(map(str, SIZES[size]))})"
            floor = results["floor"].seconds
            rows.append(Row(f"{label} seed", f"{seeded:.1f}", "s"))
            for page, result in results.items():
                ms = result.seconds * 1000
                ratio = "" if page == "floor" else f"{result.seconds / floor:.1f}"
                rows.append(Row(f"{label} {page}", f"{ms:.1f}", "ms", ratio))
                rows.append(Row(f"{label} {page} statements", str(result.statements), "stmts"))
                if page != "floor":
                    rows.append(Row(f"{label} {page} size", f"{result.kib:.0f}", "KiB"))
                counts.setdefault(page, {})[size] = result.statements
                if size == "large" and page in ("board", "item page"):
                    met = "yes" if ms <= TARGET_MS else "no"
                    targets.append(Row(f"{backend} large {page} under {TARGET_MS} ms", met))
        for page, by_size in counts.items():
            constant = len(set(by_size.values())) == 1
            figure = f"{backend} {page} statements constant across sizes"
            rows.append(Row(figure, "yes" if constant else "no"))
        rows.extend(targets)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs (default {RUNS})")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.no_sqlite and not args.postgres:
        parser.error("nothing to run")
    rows = run(args.postgres, runs=args.runs, sizes=args.sizes, sqlite=not args.no_sqlite)
    print_table([Row("cores", str(os.cpu_count())), *rows])
    return 0


if __name__ == "__main__":
    sys.exit(main())
