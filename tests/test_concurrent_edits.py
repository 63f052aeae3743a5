"""Two edits of the same thing at the same moment, on PostgreSQL: one is saved, the other gets the
conflict message, never a 500 (issue 11, item 10).

Both requests carry the same version and pass the form's version check; the test holds a row
lock (taken by its own connection) until PostgreSQL reports both requests waiting behind it, so
they are truly simultaneous whatever the machine's load, then lets them go. The second one then
finds the row changed (StaleDataError) or, for two new members of the same name, the unique
index taken (IntegrityError): both must be answered like a stale form. SQLite never gets here:
BEGIN IMMEDIATE makes the second request wait before it reads anything.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Member
from negotiator.costs.models import CostCandidate, CostCategory
from negotiator.db import db
from negotiator.meetings.models import Meeting
from negotiator.negotiation.models import AgendaItem
from tests.conftest import BACKENDS
from tests.fuzz.targets import Fixture, Target, build
from tests.test_fuzz import _resolve
from tests.test_text_check import _client, valid_data

CONFLICT = "他の人が"  # 先に変更しました, or 議事録を保存しました (minutes)
HANG = 120  # seconds: only a broken test (a request that never reaches the lock) waits this long
# Every edit form, with the model whose row both requests write (id from the URL).
EDITS = {
    "negotiation.item_edit": AgendaItem,
    "meetings.meeting_edit": Meeting,
    "meetings.minutes_edit": Meeting,
    "costs.category_edit": CostCategory,
    "costs.candidate_edit": CostCandidate,
    "admin.consortium_edit": Consortium,
    "admin.member_edit": Member,
    "admin.user_edit": User,
}
# A new member refers to its consortium: locking that row holds both inserts at the FK check.
CREATES = {"admin.member_new": Consortium}

pytestmark = pytest.mark.parametrize("backend", [b for b in BACKENDS if b == "postgres"])


@pytest.fixture
def fixture(app: Flask, world) -> Fixture:  # noqa: ANN001
    return build(app, world)


def _blocked_by(conn: sa.Connection, holder: int) -> int:
    """How many backends wait, directly or through another waiter, on `holder`."""
    rows = conn.exec_driver_sql(
        "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity "
        "WHERE cardinality(pg_blocking_pids(pid)) > 0"
    ).all()
    conn.rollback()  # pg_stat_activity is a snapshot per transaction: look afresh each time
    waiting = {pid: set(blockers) for pid, blockers in rows}
    reached = {holder}
    while True:
        more = {pid for pid, blockers in waiting.items() if blockers & reached} - reached
        if not more:
            return len(reached) - 1
        reached |= more


def _race(
    app: Flask, fixture: Fixture, endpoint: str, model: type, row_id: int, url: str | None = None
) -> list[Any]:
    """Post the same edit twice at once behind a lock on the row; the answers (or exceptions)."""
    target = fixture.targets[endpoint]
    target = target if url is None else dataclasses.replace(target, url=url)
    clients = [_client(app, fixture, target) for _ in range(2)]
    data = _resolve(app, valid_data(target))  # read once: both carry the same version
    answers: list[Any] = []

    def post(client) -> None:  # noqa: ANN001
        try:
            response = client.post(target.url, data=dict(data))
            answers.append((response.status_code, response.get_data(as_text=True)))
        except Exception as exc:  # noqa: BLE001 - the test app re-raises what would be a 500
            answers.append(exc)

    with app.app_context(), db.engine.connect() as conn:
        lock = conn.begin()
        conn.execute(sa.select(model.id).where(model.id == row_id).with_for_update())
        holder = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        threads = [threading.Thread(target=post, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        with db.engine.connect() as watcher:
            _wait(lambda: _blocked_by(watcher, holder) >= 2 or len(answers) == 2, endpoint)
        lock.rollback()
    for thread in threads:
        thread.join()
    return answers


def _wait(condition, what: str) -> None:  # noqa: ANN001
    """Poll until `condition()` holds; fail (never pass) if it does not within HANG seconds."""
    limit = time.monotonic() + HANG
    while not condition():
        assert time.monotonic() < limit, f"{what}: the requests never met at the lock"
        time.sleep(0.01)


def _check(answers: list[Any], endpoint: str) -> None:
    assert all(isinstance(a, tuple) for a in answers), f"{endpoint}: {answers}"
    statuses = sorted((status != 302, status) for status, _body in answers)
    assert [s for _, s in statuses][0] == 302, f"{endpoint}: {statuses}"
    assert statuses[1][1] in (200, 409), f"{endpoint}: {statuses}"
    refused = next(body for status, body in answers if status != 302)
    assert CONFLICT in refused, f"{endpoint}: no conflict message"


def _row_id(target: Target) -> int:
    return int(next(part for part in reversed(target.url.split("/")) if part.isdigit()))


def test_simultaneous_edits_with_the_same_version(app: Flask, fixture: Fixture) -> None:
    for endpoint, model in EDITS.items():
        target = fixture.targets[endpoint]
        row_id = _row_id(target)
        with app.app_context():
            version = db.session.get(model, row_id).version
        answers = _race(app, fixture, endpoint, model, row_id)
        _check(answers, endpoint)
        with app.app_context():
            assert db.session.get(model, row_id).version == version + 1, endpoint


def test_simultaneous_creates_of_the_same_name(app: Flask, fixture: Fixture, world) -> None:  # noqa: ANN001
    for endpoint, model in CREATES.items():
        with app.app_context():
            count = db.session.scalar(sa.select(sa.func.count(Member.id)))
        # The other council: the world's own has an agreement out for signature, during which
        # its membership may not change.
        url = fixture.targets[endpoint].url.replace(
            f"/{world.consortium_id}/", f"/{world.other_consortium_id}/"
        )
        assert url != fixture.targets[endpoint].url
        answers = _race(app, fixture, endpoint, model, world.other_consortium_id, url)
        _check(answers, endpoint)
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(Member.id))) == count + 1
