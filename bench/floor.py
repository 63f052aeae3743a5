"""A floor of the same work: each main page against a throwaway version of itself.

For the board, an item page, the dashboard and the meeting page this registers a route that
fetches what the page shows with hand-written SQL (a few statements, plain rows, no ORM objects)
and renders it with one minimal Jinja template (labels written in, no macros, the layout
written out: bench/floor_pages.py), in the same app, behind the same login. The ratio
page / floor says how much the app's own machinery (ORM, the workflow, macros, translations)
costs over the work itself (issue 18's target: 1.5x at most). The floor shows what the page
shows within the page's bounds (negotiator.bounds). The board's floor is here; the item
page's, the meeting page's and the dashboard's are in bench/floor_item.py, floor_meeting.py
and floor_dashboard.py (with bench/floor_common.py). Next to each size the table says how
close the floor's visible text is to the page's (difflib's ratio, 1.0: the same text), so
that a floor doing less than its page shows.

    .venv/bin/python bench/floor.py [--postgres URL] [--sizes small large] [--runs 9]

Sizes are bench/board.py's (3x20, 12x80, 50x400x5) and "huge" (100 members x 1000 items, the
sizes issue 18 names; both seeds and all four pages at that size take about 80 s on the 2-core
machine).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import difflib
import functools
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login import current_user

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import board as bench_board  # noqa: E402
from bench import floor_dashboard, floor_item, floor_meeting  # noqa: E402
from bench.board import StatementCounter  # noqa: E402
from bench.floor_common import JST  # noqa: E402
from bench.floor_pages import BOARD  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator import bounds  # noqa: E402
from negotiator.db import db  # noqa: E402

SIZES = {**bench_board.SIZES, "huge": (100, 1000, 1)}
EXTRAS = {**bench_board.EXTRAS, "huge": {"meetings": 20}}
DEFAULT_SIZES = ["small", "medium", "large", "huge"]
TAG = re.compile(r"<[^>]*>")


def _rows(sql: str, **params: object) -> list[sa.Row]:
    return db.session.execute(sa.text(sql), params).all()


def _members(consortium_id: int, limit: int = 100000) -> list[sa.Row]:
    return _rows(
        "SELECT id, name, party_label FROM member WHERE consortium_id = :c AND left_on IS NULL"
        " ORDER BY sort_order, id LIMIT :n",
        c=consortium_id,
        n=limit,
    )


def _latest(item_ids: list[int]) -> dict[tuple[int, int], sa.Row]:
    """(item, member) -> latest (stance, revision_number), one statement."""
    if not item_ids:
        return {}
    marks = ", ".join(str(int(i)) for i in item_ids)
    rows = _rows(
        "SELECT item_id, member_id, stance, revision_number FROM position WHERE id IN"
        f" (SELECT max(id) FROM position WHERE item_id IN ({marks}) GROUP BY item_id, member_id)"
    )
    return {(r.item_id, r.member_id): r for r in rows}


def _shell() -> dict:
    """What the layout shows of this request: the same values, found the same way."""
    from flask import request
    from flask_wtf.csrf import generate_csrf

    from negotiator.auth import idle

    warning = idle.warning_seconds()
    (unread,) = _rows(
        "SELECT count(id) AS n FROM notification WHERE user_id = :u AND read_at IS NULL",
        u=current_user.id,
    )
    return {
        "csrf": generate_csrf(),
        "user_id": current_user.id,
        "user_name": current_user.display_name,
        "endpoint": request.endpoint,
        "path": request.full_path,
        "unread": unread.n,
        "remaining": idle.remaining_seconds(),
        "warning": warning,
        "warning_minutes": max(1, (warning + 30) // 60),
        "printed_at": dt.datetime.now(JST).strftime("%Y-%m-%d %H:%M"),
    }


def _board_facts(ids: list[int]) -> tuple[set[int], set[int], dict[int, int]]:
    """What the rule status reads besides positions: items discussed at a held meeting or in a
    written round, items held by an agreement, and open 修正案 per item."""
    if not ids:
        return set(), set(), {}
    marks = ", ".join(str(int(i)) for i in ids)
    discussed = {
        r.item_id
        for r in _rows(
            f"SELECT e.item_id FROM meeting_item e WHERE e.item_id IN ({marks}) AND (SELECT"
            " m.status FROM meeting m WHERE m.id = e.meeting_id) IN ('held', 'confirmed')"
        )
    }
    discussed |= {
        r.item_id
        for r in _rows(
            "SELECT r.item_id, r.revision_number, w.state, w.deadline FROM round_item r"
            f" JOIN written_round w ON w.id = r.round_id WHERE r.item_id IN ({marks})"
        )
        if r.state == "closed"
    }
    held = {
        r.item_id
        for r in _rows(
            "SELECT a.item_id, g.status FROM agreement_article a JOIN agreement g"
            f" ON g.id = a.agreement_id WHERE a.item_id IN ({marks})"
        )
    }
    suggested = _rows(
        "SELECT item_id, count(*) AS n FROM suggestion"
        f" WHERE item_id IN ({marks}) AND state = 'open' GROUP BY item_id"
    )
    return discussed, held, {r.item_id: r.n for r in suggested}


def floor_board(negotiation_id: int) -> str:
    (negotiation,) = _rows(
        "SELECT n.id, n.consortium_id, n.title, n.description, n.decision_rule, c.name"
        " AS council FROM negotiation n JOIN consortium c ON c.id = n.consortium_id"
        " WHERE n.id = :n",
        n=negotiation_id,
    )
    roles = {
        r.role
        for r in _rows(
            "SELECT role FROM membership WHERE user_id = :u AND consortium_id = :c",
            u=current_user.id,
            c=negotiation.consortium_id,
        )
    }
    every = _members(negotiation.consortium_id)
    (total,) = _rows(
        "SELECT count(*) AS n FROM agenda_item WHERE negotiation_id = :n", n=negotiation_id
    )
    items = _rows(
        "SELECT id, number, title, category, state, current_revision FROM agenda_item"
        " WHERE negotiation_id = :n ORDER BY number LIMIT :k",
        n=negotiation_id,
        k=bounds.BOARD_ITEMS,
    )
    cells = _latest([i.id for i in items])
    discussed, held, suggested = _board_facts([i.id for i in items])
    # The rule status as unanimity: every current member supports the current wording.
    missing = {
        i.id: sum(
            1
            for m in every
            if (c := cells.get((i.id, m.id))) is None
            or c.stance not in ("agree", "conditional")
            or c.revision_number < i.current_revision
        )
        for i in items
    }
    return BOARD.render(
        shell=_shell(),
        title=negotiation.title,
        negotiation=negotiation,
        facilitator="facilitator" in roles,
        members=every[: bounds.BOARD_MEMBERS],
        items=items,
        pages=-(-total.n // bounds.BOARD_ITEMS),
        cells=cells,
        missing=missing,
        discussed=discussed,
        held=held,
        suggested=suggested,
    )


def _with_shell(view: Callable[..., str]) -> Callable[..., str]:
    """The view with this module's `_shell` as its first argument (the page floors
    take the layout's values from it); named as the view, which Flask-WTF's CSRF check reads."""

    @functools.wraps(view)
    def bound(**kwargs: object) -> str:
        return view(_shell, **kwargs)

    return bound


def register(app: Flask) -> None:
    """The floor routes, on a bench app only (bench/board.py's make_app)."""
    app.add_url_rule("/_floor/board/<int:negotiation_id>", "floor_board", floor_board)
    # The item, meeting and dashboard floors (bench/floor_item.py, floor_meeting.py,
    # floor_dashboard.py) render this layout too.
    for name, view, rule in (
        ("floor_item", floor_item.item, "/_floor/item/<int:item_id>"),
        ("floor_dashboard", floor_dashboard.dashboard, "/_floor/dashboard"),
        ("floor_meeting", floor_meeting.meeting, "/_floor/meeting/<int:meeting_id>"),
    ):
        app.add_url_rule(rule, name, _with_shell(view))


@dataclasses.dataclass(frozen=True)
class Timing:
    wall: float  # median seconds
    cpu: float  # median seconds of this process's CPU (the app's own work, SQLite's too)
    statements: int
    kib: float
    text: str = dataclasses.field(default="", repr=False)  # what a reader sees (visible_text)
    cpus: tuple[float, ...] = dataclasses.field(default=(), repr=False)  # each run's, in order


def measure_pair(
    client: FlaskClient, counter: StatementCounter, paths: tuple[str, str], runs: int, expect: str
) -> tuple[Timing, Timing]:
    """The page and its floor, requests alternating (a busy phase of a shared machine falls on
    both), after warm-ups; medians of wall and CPU time."""
    samples: dict[str, list[tuple[float, float]]] = {p: [] for p in paths}
    sizes: dict[str, tuple[int, float]] = {}
    bodies: dict[str, bytes] = {}
    for n in range(bench_board.WARMUPS + runs):
        for path in paths:
            counter.statements.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            body = response.get_data()
            if response.status_code != 200 or expect.encode() not in body:
                raise RuntimeError(f"GET {path}: {response.status_code}, {expect!r} not in it")
            sizes[path] = (len(counter.statements), len(body) / 1024)
            bodies[path] = body
            if n >= bench_board.WARMUPS:
                samples[path].append((wall, cpu))
    page, floor = (
        Timing(
            statistics.median(w for w, _ in samples[p]),
            statistics.median(c for _, c in samples[p]),
            *sizes[p],
            visible_text(bodies[p].decode()),
            tuple(c for _, c in samples[p]),
        )
        for p in paths
    )
    return page, floor


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: tags out, entities decoded, whitespace collapsed."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def fidelity(page: Timing, floor: Timing) -> float:
    """How close the floor's visible text is to the page's (1.0: the same), after the timing."""
    return difflib.SequenceMatcher(None, page.text, floor.text, autojunk=False).ratio()


def run_size(url: str, size: str, runs: int) -> dict[str, tuple[Timing, Timing]]:
    """page -> (the app's Result, the floor's Result) at one size on one database."""
    from bench.seed import seed

    members, items, revisions = SIZES[size]
    app = bench_board.make_app(url)
    register(app)
    bench_board.migrate(app)
    extras = EXTRAS[size]
    info = seed(app, members, items, revisions, meetings=extras["meetings"])
    with app.app_context():
        counter = bench_board.StatementCounter(db.engine)
    try:
        client = app.test_client()
        bench_board.login(client, info["facilitator"], info["password"])
        n, i, m = info["negotiation_id"], info["probe_item_id"], info["probe_meeting_id"]
        pages = {
            "board": (f"/negotiations/{n}", f"/_floor/board/{n}", 'class="board"'),
            "item page": (f"/items/{i}", f"/_floor/item/{i}", 'class="positions"'),
            "dashboard": ("/", "/_floor/dashboard", "対応が必要なこと"),
            "meeting page": (f"/meetings/{m}", f"/_floor/meeting/{m}", 'class="agenda"'),
        }
        return {
            page: measure_pair(client, counter, (path, floor), runs, expect)
            for page, (path, floor, expect) in pages.items()
        }
    finally:
        counter.close()
        with app.app_context():
            db.engine.dispose()


def run(
    postgres: str | None = None, *, runs: int = bench_board.RUNS, sizes: list[str] | None = None
) -> list[Row]:
    """Each page against its floor at each size, on SQLite (and PostgreSQL when given)."""
    backends = [("sqlite", bench_board.sqlite_url)]
    if postgres:
        backends.append(("postgres", lambda: bench_board.postgres_url(postgres)))
    rows: list[Row] = []
    for backend, make_url in backends:
        for size in sizes or DEFAULT_SIZES:
            with make_url() as url:
                results = run_size(url, size, runs)
            label = f"{backend} {size} ({'x'.join(map(str, SIZES[size]))})"
            for page, (mine, floor) in results.items():
                rows += _rows_of(f"{label} {page}", mine, floor)
    return rows


def spread(page: Timing, floor: Timing) -> str:
    """The first and third quartiles of the CPU ratio of each page request to the floor
    request right after it: how much the ratio moves within one run."""
    ratios = [p / f for p, f in zip(page.cpus, floor.cpus, strict=True) if f > 0]
    if len(ratios) < 2:
        return "-"
    low, _, high = statistics.quantiles(ratios, n=4)
    return f"{low:.2f}–{high:.2f}"


def _rows_of(label: str, page: Timing, floor: Timing) -> list[Row]:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f}"

    return [
        Row(f"{label}: page / floor, wall", ms(page.wall), "ms", f"{page.wall / floor.wall:.2f}"),
        Row(f"{label}: page / floor, CPU", ms(page.cpu), "ms", f"{page.cpu / floor.cpu:.2f}"),
        Row(f"{label}: CPU ratio of each pair, quartiles", spread(page, floor)),
        Row(f"{label}: floor wall / CPU", f"{ms(floor.wall)} / {ms(floor.cpu)}", "ms"),
        Row(f"{label}: statements page / floor", f"{page.statements} / {floor.statements}"),
        Row(f"{label}: size page / floor", f"{page.kib:.0f} / {floor.kib:.0f}", "KiB"),
        Row(f"{label}: text of floor like page's", f"{fidelity(page, floor):.3f}"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database")
    parser.add_argument("--runs", type=int, default=bench_board.RUNS)
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=DEFAULT_SIZES)
    args = parser.parse_args(argv)
    rows = run(args.postgres, runs=args.runs, sizes=args.sizes)
    print_table([Row("cores", str(os.cpu_count())), *rows])
    print("ratio: the page's time / its floor's (issue 18's target: at most 1.5); CPU time is")
    print("this process's (the app, and SQLite; PostgreSQL's own work shows in wall time only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
