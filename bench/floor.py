"""A floor of the same work: each main page against a throwaway version of itself.

For the board, an item page, the dashboard and the meeting page this registers a route that
fetches what the page shows with hand-written SQL (a few statements, plain rows, no ORM objects)
and renders it with one minimal Jinja template (labels written in, no macros, no layout), in
the same app, behind the same login. The ratio page / floor says how much the app's own
machinery (ORM, the workflow, macros, translations, the layout) costs over the work itself
(issue 18's target: 1.5× at most). The floor shows what the page shows within the page's
bounds (negotiator.bounds): the same items x member columns, the same first few to-dos.

    .venv/bin/python bench/floor.py [--postgres URL] [--sizes small large] [--runs 9]

Sizes are bench/board.py's (3x20, 12x80, 50x400x5) and "huge" (100x1000, not by default: the
seed alone takes minutes on a 2-core machine).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login import current_user

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import board as bench_board  # noqa: E402
from bench.board import StatementCounter  # noqa: E402
from bench.floor_pages import BOARD, DASHBOARD, ITEM, MEETING  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator import bounds  # noqa: E402
from negotiator.db import db  # noqa: E402

SIZES = {**bench_board.SIZES, "huge": (100, 1000, 1)}
EXTRAS = {**bench_board.EXTRAS, "huge": {"meetings": 20}}
DEFAULT_SIZES = ["small", "medium", "large"]


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
        "printed_at": time.strftime("%Y-%m-%d %H:%M"),
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


def floor_item(item_id: int) -> str:
    (item,) = _rows(
        "SELECT i.id, i.number, i.title, i.state, i.current_revision, n.consortium_id"
        " FROM agenda_item i JOIN negotiation n ON n.id = i.negotiation_id WHERE i.id = :i",
        i=item_id,
    )
    positions = _rows(
        "SELECT p.id, p.member_id, p.stance, p.revision_number, p.statement, p.reason,"
        " p.created_at, u.display_name FROM position p JOIN user_account u"
        " ON u.id = p.recorded_by_id WHERE p.item_id = :i ORDER BY p.id DESC",
        i=item_id,
    )
    history: dict[int, list[sa.Row]] = {}
    for p in positions:
        history.setdefault(p.member_id, []).append(p)
    conditions: dict[int, list[str]] = {}
    for c in _rows(
        "SELECT c.position_id, c.text FROM position_condition c JOIN position p"
        " ON p.id = c.position_id WHERE p.item_id = :i ORDER BY c.id",
        i=item_id,
    ):
        conditions.setdefault(c.position_id, []).append(c.text)
    timeline = _rows(
        "SELECT a.at, a.summary, coalesce(u.display_name, a.actor_name) AS actor"
        " FROM audit_entry a LEFT JOIN user_account u ON u.id = a.actor_id"
        " WHERE a.object_type = 'agendaitem' AND a.object_id = :i ORDER BY a.id",
        i=item_id,
    )
    revision = _rows(
        "SELECT text FROM proposal_revision WHERE item_id = :i AND number = :n",
        i=item_id,
        n=item.current_revision,
    )
    return ITEM.render(
        shell=_shell(),
        title=f"{item.number}. {item.title}",
        item=item,
        members=_members(item.consortium_id),
        history=history,
        conditions=conditions,
        timeline=timeline,
        text=revision[0].text if revision else "",
    )


def floor_dashboard() -> str:
    """The facilitator's dashboard: the examined open items with their status, the first few
    shown and the count of all, and each council's negotiations."""
    facilitated = "SELECT consortium_id FROM membership WHERE user_id = :u AND role = 'facilitator'"
    items = _rows(
        "SELECT i.id, i.number, i.title, i.current_revision, n.title AS negotiation,"
        " n.consortium_id, count(*) OVER () AS total FROM agenda_item i"
        " JOIN negotiation n ON n.id = i.negotiation_id"
        f" WHERE i.state IN ('proposed', 'discussed') AND n.consortium_id IN ({facilitated})"
        " ORDER BY (SELECT count(DISTINCT p.member_id) FROM position p WHERE p.item_id = i.id"
        " AND p.revision_number = i.current_revision) DESC, i.negotiation_id, i.number LIMIT :k",
        u=current_user.id,
        k=bounds.DASHBOARD_ITEMS_EXAMINED,
    )
    members = _members(items[0].consortium_id) if items else []
    cells = _latest([i.id for i in items])
    waiting = {i.id: [m.name for m in members if (i.id, m.id) not in cells][:3] for i in items}
    negotiations = _rows(
        "SELECT c.id AS consortium_id, c.name, n.id, n.title FROM consortium c"
        " JOIN membership s ON s.consortium_id = c.id LEFT JOIN negotiation n"
        " ON n.consortium_id = c.id WHERE s.user_id = :u ORDER BY c.id, n.id",
        u=current_user.id,
    )
    return DASHBOARD.render(
        shell=_shell(),
        title="ホーム",
        items=items[: bounds.DASHBOARD_PER_KIND],
        total=items[0].total if items else 0,
        waiting=waiting,
        negotiations=negotiations,
    )


def floor_meeting(meeting_id: int) -> str:
    (meeting,) = _rows(
        "SELECT m.id, m.title, m.starts_at, m.place, m.status, m.notes, m.consortium_id"
        " FROM meeting m WHERE m.id = :m",
        m=meeting_id,
    )
    members = _members(meeting.consortium_id)
    entries = _rows(
        "SELECT i.id, i.number, i.title, i.state, i.current_revision, e.notes"
        " FROM meeting_item e JOIN agenda_item i ON i.id = e.item_id WHERE e.meeting_id = :m"
        " ORDER BY e.sort_order, e.id",
        m=meeting_id,
    )
    cells = _latest([e.id for e in entries])
    counts = {}
    for e in entries:
        tally: dict[str, int] = {}
        for m in members:
            c = cells.get((e.id, m.id))
            key = "none" if c is None else c.stance
            tally[key] = tally.get(key, 0) + 1
        counts[e.id] = tally
    attendance = {
        r.member_id: r
        for r in _rows(
            "SELECT member_id, presence, attendees FROM attendance WHERE meeting_id = :m",
            m=meeting_id,
        )
    }
    heard = _rows(
        "SELECT p.item_id, p.stance, p.revision_number, mb.name FROM position p"
        " JOIN member mb ON mb.id = p.member_id WHERE p.meeting_id = :m ORDER BY p.id LIMIT :k",
        m=meeting_id,
        k=bounds.MEETING_HEARD,
    )
    actions = _rows(
        "SELECT a.description, a.due_date, a.status, mb.name FROM action_item a"
        " JOIN member mb ON mb.id = a.owner_member_id WHERE a.meeting_id = :m ORDER BY a.id",
        m=meeting_id,
    )
    return MEETING.render(
        shell=_shell(),
        title=meeting.title,
        meeting=meeting,
        members=members,
        entries=entries,
        cells=cells,
        counts=counts,
        listed=len(members) <= bounds.MEETING_STANCES,
        attendance=attendance,
        heard=heard,
        actions=actions,
    )


def register(app: Flask) -> None:
    """The floor routes, on a bench app only (bench/board.py's make_app)."""
    for name, view, rule in (
        ("floor_board", floor_board, "/_floor/board/<int:negotiation_id>"),
        ("floor_item", floor_item, "/_floor/item/<int:item_id>"),
        ("floor_dashboard", floor_dashboard, "/_floor/dashboard"),
        ("floor_meeting", floor_meeting, "/_floor/meeting/<int:meeting_id>"),
    ):
        app.add_url_rule(rule, name, view)


@dataclasses.dataclass(frozen=True)
class Timing:
    wall: float  # median seconds
    cpu: float  # median seconds of this process's CPU (the app's own work, SQLite's too)
    statements: int
    kib: float


def measure_pair(
    client: FlaskClient, counter: StatementCounter, paths: tuple[str, str], runs: int, expect: str
) -> tuple[Timing, Timing]:
    """The page and its floor, requests alternating (a busy phase of a shared machine falls on
    both), after warm-ups; medians of wall and CPU time."""
    samples: dict[str, list[tuple[float, float]]] = {p: [] for p in paths}
    sizes: dict[str, tuple[int, float]] = {}
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
            if n >= bench_board.WARMUPS:
                samples[path].append((wall, cpu))
    page, floor = (
        Timing(
            statistics.median(w for w, _ in samples[p]),
            statistics.median(c for _, c in samples[p]),
            *sizes[p],
        )
        for p in paths
    )
    return page, floor


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


def _rows_of(label: str, page: Timing, floor: Timing) -> list[Row]:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f}"

    return [
        Row(f"{label}: page / floor, wall", ms(page.wall), "ms", f"{page.wall / floor.wall:.2f}"),
        Row(f"{label}: page / floor, CPU", ms(page.cpu), "ms", f"{page.cpu / floor.cpu:.2f}"),
        Row(f"{label}: floor wall / CPU", f"{ms(floor.wall)} / {ms(floor.cpu)}", "ms"),
        Row(f"{label}: statements page / floor", f"{page.statements} / {floor.statements}"),
        Row(f"{label}: size page / floor", f"{page.kib:.0f} / {floor.kib:.0f}", "KiB"),
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
