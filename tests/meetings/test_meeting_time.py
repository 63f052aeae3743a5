"""Issue 15, time is real: a meeting is held only once it has begun; what is recorded at it
carries the time it was recorded, not the meeting's date."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.meetings.models import Meeting, MinutesConfirmation
from negotiator.negotiation.models import Position, StateChange
from tests.factories import login
from tests.meetings.factories import make_meeting

HOUR = dt.timedelta(hours=1)


def _client(app, user: str = "facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _meeting(app, world, start: dt.datetime) -> int:  # noqa: ANN001
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id], start=start)
        db.session.commit()
        return meeting.id


@pytest.mark.parametrize(
    ("starts_in", "offered", "status", "summary"),
    [
        (2 * HOUR, False, "scheduled", None),  # not begun: refused
        (dt.timedelta(days=30), False, "scheduled", None),
        (-HOUR / 2, True, "held", "会議を開催済みにした"),  # under way (it lasts two hours)
        (-3 * HOUR, True, "held", "会議を開催済みにした(終了後に記録)"),  # after the fact
    ],
)
def test_held_only_once_begun_and_the_page_asks_the_same_rule(
    app, world, starts_in, offered, status, summary
):
    m = _meeting(app, world, dt.datetime.now(dt.UTC) + starts_in)
    client = _client(app)
    page = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert (f"/meetings/{m}/held" in page) is offered
    assert ('id="held-why"' in page) is not offered
    response = client.post(f"/meetings/{m}/held")
    assert response.status_code == 302
    after = client.get(f"/meetings/{m}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, m).status == status
        recorded = db.session.scalars(
            sa.select(AuditEntry.summary).where(AuditEntry.action == "meeting.held")
        ).all()
    assert recorded == ([summary] if summary else [])
    if not offered:
        assert "開始日時より前には開催済みにできません" in after


@pytest.mark.parametrize(
    ("starts_in", "recorded"),
    [(2 * HOUR, False), (-HOUR, True)],
)
def test_nothing_is_said_at_a_meeting_before_it_begins(app, world, starts_in, recorded):
    m = _meeting(app, world, dt.datetime.now(dt.UTC) + starts_in)
    client = _client(app)
    page = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert ("発言を意見として記録" in page) is recorded
    response = client.post(
        f"/meetings/{m}/items/{world.item_id}/position",
        data={"member_id": world.member_ids[0], "stance": "agree", "revision": 1},
    )
    if not recorded:  # re-rendered with the reason, nothing written
        assert response.status_code == 200
        assert "会議の開始日時より前には" in response.get_data(as_text=True)
    with app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count(Position.id)).where(Position.meeting_id == m)
        )
    assert count == (1 if recorded else 0)


def test_positions_moves_and_confirmations_carry_when_they_were_made(app, world):
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)  # recorded long after the meeting
    m = _meeting(app, world, start)
    fac = _client(app)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert fac.post(f"/meetings/{m}/held").status_code == 302
    for mid in world.member_ids:
        fac.post(
            f"/meetings/{m}/items/{world.item_id}/position",
            data={"member_id": mid, "stance": "agree", "revision": 1},
        )
    from negotiator.negotiation.models import AgendaItem

    with app.app_context():
        version = db.session.get(AgendaItem, world.item_id).version
    fac.post(f"/meetings/{m}/items/{world.item_id}/move/discuss", data={"version": version})
    fac.post(f"/meetings/{m}/publish")
    liaison = _client(app, "liaison")
    liaison.post(
        f"/meetings/{m}/members/{world.member_ids[0]}/confirm",
        data={"answer": "confirm", "revision": 1},
    )
    after = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    with app.app_context():
        times = [
            *db.session.scalars(sa.select(Position.created_at).where(Position.meeting_id == m)),
            *db.session.scalars(sa.select(StateChange.created_at)),
            *db.session.scalars(sa.select(MinutesConfirmation.created_at)),
        ]
    assert len(times) == len(world.member_ids) + 2
    for when in times:
        aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        assert before <= aware <= after


@pytest.mark.parametrize(
    ("starts_at", "moved"),
    [("2099-12-10T10:00", False), ("2026-11-09T10:00", True)],
)
def test_a_held_meeting_does_not_move_into_the_future(app, world, starts_at, moved):
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id], held=True)
        db.session.commit()
        m, version, before = meeting.id, meeting.version, meeting.starts_at
    ends_at = starts_at[:11] + "12:00"
    response = _client(app).post(
        f"/meetings/{m}/edit",
        data={"starts_at": starts_at, "ends_at": ends_at, "mode": "hybrid", "version": version},
    )
    with app.app_context():
        after = db.session.get(Meeting, m).starts_at
    if moved:
        assert response.status_code == 302 and after != before
    else:
        assert response.status_code == 200
        assert 'id="starts_at-error"' in response.get_data(as_text=True)
        assert after == before
