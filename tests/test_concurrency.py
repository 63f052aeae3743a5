"""Concurrent load without loss (issue 7): 20 liaisons record positions while 3 facilitators
move the same items, against gunicorn on 127.0.0.1 — 4 workers on PostgreSQL, 2 on SQLite.

The server runs with CSRF protection on (the clients scrape the token from the form pages like a
browser); the test's own app only prepares the data and reads it back. Bounded by work, not by
the clock: every liaison does its fixed number of steps however slow the machine is (each request
has the client's socket timeout, so a thread always ends), facilitators stop when the liaisons are
done; gunicorn is stopped, workers included, on the way out (bench/load.py's `gunicorn`).
Simultaneous edits of the same object with the same version: tests/test_concurrent_edits.py.

Afterwards: no 5xx and no "database is locked" or traceback in the server log; every position
answered with a 302 is in the database and no refused one is; the audit chain verifies and holds
one entry per position and per state change; replaying the chain, every move started from the
state the item was in, every 合意 was taken when the rule held, no position was accepted while
the item did not accept positions; and on the final data no agreed item fails its rule.
"""

from __future__ import annotations

import dataclasses
import random
import re
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from bench.load import Browser, Response, gunicorn
from negotiator.audit.models import AuditEntry
from negotiator.audit.services import verify_chain
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.db import db
from negotiator.negotiation import queries, rules, services, workflow
from negotiator.negotiation.models import AgendaItem, Position, StateChange
from negotiator.negotiation.workflow import State
from tests.factories import (
    PASSWORD,
    grant,
    make_consortium,
    make_item,
    make_member,
    make_negotiation,
    make_user,
    record,
)

LIAISONS = 20
FACILITATORS = 3
ITEMS = 4  # item 0: only supporting stances (so 合意 is reachable); item 3: the consent rule
POSITIONS_PER_LIAISON = 5
MOVES_PER_FACILITATOR = 10
STANCES = {"agree": 55, "conditional": 15, "object": 15, "undecided": 15}
WORKERS = {"postgres": 4, "sqlite": 2}


@dataclasses.dataclass
class Council:
    member_ids: list[int]
    item_ids: list[int]


@pytest.fixture
def council(app: Flask) -> Council:
    """20 members with a liaison each, 3 facilitators, 4 items being discussed, all in favour."""
    from negotiator.consortia.models import Role

    with app.app_context():
        council = make_consortium()
        facilitators = [make_user(f"facilitator{n}") for n in range(FACILITATORS)]
        for user in facilitators:
            grant(user, council, Role.FACILITATOR)
        members = [make_member(council, f"第{n + 1:02d}町") for n in range(LIAISONS)]
        for n, member in enumerate(members):
            grant(make_user(f"liaison{n:02d}"), council, Role.LIAISON, member)
        negotiation = make_negotiation(council)
        items = [
            make_item(negotiation, f"協議事項{n + 1}", rule="consent" if n == 3 else None)
            for n in range(ITEMS)
        ]
        roles = ConsortiumRoles(facilitator=True)
        for item in items:
            services.note_discussed(item, "第1回協議会")
            services.move(item, "discuss", "", facilitators[0], roles, item.version)
            for member in members:
                record(item, member, "agree")
        result = Council([m.id for m in members], [i.id for i in items])
        db.session.commit()
    return result


@dataclasses.dataclass(frozen=True)
class Attempt:
    user: str
    item_id: int
    member_id: int
    stance: str
    statement: str
    status: int


class Load:
    """What the clients saw: every status, every position attempt, every failure."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.positions: list[Attempt] = []
        self.moves: Counter[tuple[str, int]] = Counter()
        self.errors: list[str] = []

    def saw(self, what: str, response: Response) -> Response:
        with self.lock:
            self.statuses[what, response.status] += 1
        return response

    def server_errors(self) -> dict[tuple[str, int], int]:
        return {k: v for k, v in self.statuses.items() if k[1] >= 500}


def _liaison(base: str, n: int, council: Council, load: Load, start: threading.Barrier) -> None:
    user = f"liaison{n:02d}"
    member = council.member_ids[n]
    browser = Browser(base)
    browser.login(user, PASSWORD)
    rng = random.Random(n)
    start.wait()
    for step in range(POSITIONS_PER_LIAISON):
        index = (n + step) % ITEMS
        item = council.item_ids[index]
        path = f"/items/{item}/members/{member}/position"
        page = load.saw("position form", browser.get(path))
        if page.status != 200:
            continue
        stance = rng.choices(list(STANCES), weights=list(STANCES.values()))[0]
        if index == 0:
            stance = "agree" if stance in ("object", "undecided") else stance
        statement = f"load {user} #{step}"
        revision = re.search(r'name="revision"[^>]*value="(\d+)"', page.text).group(1)
        form = {
            "csrf_token": page.csrf_token(),
            "revision": revision,
            "stance": stance,
            "statement": statement,
            "conditions": "議会に報告すること" if stance == "conditional" else "",
            "reason": "負担が過大になるため" if stance == "object" else "",
            "source": "email",
        }
        response = load.saw("position post", browser.post(path, form))
        with load.lock:
            load.positions.append(Attempt(user, item, member, stance, statement, response.status))


def _facilitator(
    base: str,
    n: int,
    council: Council,
    load: Load,
    start: threading.Barrier,
    liaisons_done: threading.Event,
) -> None:
    browser = Browser(base)
    browser.login(f"facilitator{n}", PASSWORD)
    rng = random.Random(100 + n)
    start.wait()
    for step in range(MOVES_PER_FACILITATOR):
        if liaisons_done.is_set():
            return
        item = council.item_ids[(n + step) % ITEMS]
        page = load.saw("item page", browser.get(f"/items/{item}"))
        if page.status != 200:
            continue
        offered = re.findall(rf'/items/{item}/move/(\w+)"', page.text)
        # Post 合意 whenever the page offers it, enabled or not: the server must decide on the
        # positions as they are now, not as they were when the page was drawn.
        if n == 2 and step == 9 and "withdraw" in offered:
            name = "withdraw"
        elif "agree" in offered:
            name = "agree"
        elif "reopen" in offered and rng.random() < 0.6:
            name = "reopen"
        else:
            continue
        version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
        form = {"csrf_token": page.csrf_token(), "version": version, "reason": "再協議のため"}
        response = load.saw("move post", browser.post(f"/items/{item}/move/{name}", form))
        with load.lock:
            load.moves[name, response.status] += 1


def _run(base: str, council: Council) -> tuple[Load, float]:
    load = Load()
    start = threading.Barrier(LIAISONS + FACILITATORS + 1)
    liaisons_done = threading.Event()

    def guarded(target, *args) -> None:  # noqa: ANN001, ANN002
        try:
            target(*args)
        except Exception as exc:  # a connection reset, a timeout, a page without its form
            with load.lock:
                load.errors.append(f"{target.__name__}{args[1:2]}: {exc!r}")
            start.abort()

    liaisons = [
        threading.Thread(target=guarded, args=(_liaison, base, n, council, load, start))
        for n in range(LIAISONS)
    ]
    facilitators = [
        threading.Thread(
            target=guarded,
            args=(_facilitator, base, n, council, load, start, liaisons_done),
        )
        for n in range(FACILITATORS)
    ]
    for thread in liaisons + facilitators:
        thread.start()
    start.wait()
    started = time.monotonic()
    for thread in liaisons:
        thread.join()  # every request ends: answered, or the client's socket timeout
    liaisons_done.set()
    for thread in facilitators:
        thread.join()
    return load, time.monotonic() - started


def test_concurrent_positions_and_moves(
    app: Flask, backend: str, database_url: str, council: Council, tmp_path: Path
) -> None:
    # Not about the collector (tests/test_runtime.py is): no warm-up at each worker's start.
    no_freeze = {"NEGOTIATOR_GC_FREEZE": "false"}
    with gunicorn(
        database_url, tmp_path / "gunicorn.log", workers=WORKERS[backend], env=no_freeze
    ) as server:
        _assert_csrf_is_on(server.base, council)
        load, seconds = _run(server.base, council)
        log_problems = server.log_problems()

    accepted = [a for a in load.positions if a.status == 302]
    refused = [a for a in load.positions if a.status == 200]
    print(
        f"\n{backend}, {WORKERS[backend]} workers: {seconds:.1f} s, "
        f"{sum(load.statuses.values())} requests {dict(load.statuses)}, "
        f"positions accepted {len(accepted)}, refused {len(refused)}, moves {dict(load.moves)}"
    )
    assert not load.errors, load.errors
    assert not load.server_errors(), load.server_errors()
    assert not log_problems, log_problems
    assert {a.status for a in load.positions} <= {200, 302}
    assert {status for _, status in load.moves} <= {302}
    assert len(load.positions) == LIAISONS * POSITIONS_PER_LIAISON, "the load did not finish"
    assert accepted, "no position was accepted"

    with app.app_context():
        _assert_positions(accepted, refused)
        result = verify_chain()
        assert result.ok, result
        _assert_audit_counts()
        agreed = _replay_and_check(council)
        assert agreed >= 1, "no 合意 was accepted under load"
        _assert_final_states(council)


def _assert_csrf_is_on(base: str, council: Council) -> None:
    """A form posted without its token is refused (400) by this server, and writes nothing."""
    browser = Browser(base)
    browser.login("liaison00", PASSWORD)
    path = f"/items/{council.item_ids[1]}/members/{council.member_ids[0]}/position"
    form = {"revision": "1", "stance": "agree", "statement": "no csrf", "source": "email"}
    assert browser.post(path, form).status == 400


def _assert_positions(accepted: list[Attempt], refused: list[Attempt]) -> None:
    rows = db.session.execute(
        sa.select(Position.statement, Position.item_id, Position.member_id, Position.stance).where(
            Position.statement.like("load %") | (Position.statement == "no csrf")
        )
    ).all()
    stored = Counter(tuple(row) for row in rows)
    wanted = Counter((a.statement, a.item_id, a.member_id, a.stance) for a in accepted)
    assert stored == wanted, {
        "lost": wanted - stored,
        "written though refused": stored - wanted,
    }
    refused_statements = {a.statement for a in refused}
    assert not refused_statements & {row.statement for row in rows}


def _assert_audit_counts() -> None:
    def audited(action: str) -> int:
        return db.session.scalar(
            sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == action)
        )

    positions = db.session.scalar(sa.select(sa.func.count(Position.id)))
    changes = db.session.scalar(sa.select(sa.func.count(StateChange.id)))
    assert audited("position.record") == positions
    assert audited("item.move") == changes


def _replay_and_check(council: Council) -> int:
    """Walk each item's audit entries in chain order; return how many 合意 were taken."""
    item = db.session.get(AgendaItem, council.item_ids[0])
    members = tuple(
        rules.MemberRef(m.id, m.name) for m in queries.members_of(item.negotiation.consortium_id)
    )
    positions = {p.id: p for p in db.session.scalars(sa.select(Position))}
    agreed = 0
    for item_id in council.item_ids:
        item = db.session.get(AgendaItem, item_id)
        rule = queries.effective_rule(item, item.negotiation)
        state = State.PROPOSED
        latest: dict[int, rules.PositionFact] = {}
        entries = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.object_type == "agendaitem", AuditEntry.object_id == item_id)
            .order_by(AuditEntry.id)
        )
        for entry in entries:
            if entry.action == "position.record":
                assert workflow.accepts_positions(state), (item_id, entry.id, state)
                position = positions[entry.after["position_id"]]
                latest[position.member_id] = rules.PositionFact(
                    rules.Stance(position.stance), position.revision_number
                )
            elif entry.action == "item.move":
                assert entry.before["state"] == state, (item_id, entry.id, entry.before, state)
                state = State(entry.after["state"])
                if state == State.AGREED:
                    agreed += 1
                    result = rules.evaluate(rule, members, latest, item.current_revision)
                    assert result.met, (item_id, entry.id, result.missing)
        assert state == State(item.state), (item_id, state, item.state)
    return agreed


def _assert_final_states(council: Council) -> None:
    """Re-evaluate the workflow on the final data: no agreed item fails its rule."""
    items = [db.session.get(AgendaItem, i) for i in council.item_ids]
    members = queries.members_of(items[0].negotiation.consortium_id)
    latest = queries.latest_positions(council.item_ids)
    for item in items:
        facts = queries.item_facts(item, item.negotiation, members, latest.get(item.id, {}))
        if item.state == State.AGREED.value:
            assert workflow.rule_status(facts).met, (item.id, workflow.rule_status(facts))
        last = db.session.scalars(
            sa.select(StateChange.to_state)
            .where(StateChange.item_id == item.id)
            .order_by(StateChange.id.desc())
            .limit(1)
        ).first()
        assert last == item.state
