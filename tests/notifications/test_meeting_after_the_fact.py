"""A meeting recorded after the fact (held in the past, entered afterwards) is a record, not an
invitation: no 「予定されました」 mail or .ics for it, nor for setting it to when it really
took place; a meeting still to come is announced as before."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.db import db
from negotiator.meetings.forms import to_japan
from negotiator.meetings.models import Meeting
from negotiator.notifications.models import Notification
from tests.factories import login
from tests.notifications.helpers import notified

NEGOTIATORS = {"liaison", "other_liaison"}
FORMAT = "%Y-%m-%dT%H:%M"


def _form(start: dt.datetime, **extra: object) -> dict[str, object]:
    return {
        "starts_at": to_japan(start).strftime(FORMAT),
        "ends_at": to_japan(start + dt.timedelta(hours=2)).strftime(FORMAT),
        "place": "須崎市役所",
        "mode": "hybrid",
    } | extra


def _meeting_notifications(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.event_key.like("meeting.%")
            )
        )


def test_a_past_meeting_entered_afterwards_announces_nothing(app, world):
    client = app.test_client()
    assert login(client, "facilitator").status_code == 302
    page = client.get(f"/consortia/{world.consortium_id}/meetings/new")
    assert "各団体に開催予定として通知しません" in page.get_data(as_text=True)
    held_on = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(days=3)
    url = f"/consortia/{world.consortium_id}/meetings/new"
    assert client.post(url, data=_form(held_on)).status_code == 302
    with app.app_context():
        meeting = db.session.scalar(sa.select(Meeting))
        meeting_id, version = meeting.id, meeting.version
    assert notified(app, f"meeting.new:{meeting_id}") == set()
    # Corrected to when it really took place, still in the past: nobody is told either.
    earlier = _form(held_on - dt.timedelta(hours=1), title="第1回", version=version)
    assert client.post(f"/meetings/{meeting_id}/edit", data=earlier).status_code == 302
    assert _meeting_notifications(app) == 0
    # Marked held afterwards, as the form's note says.
    assert client.post(f"/meetings/{meeting_id}/held").status_code == 302
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status == "held"
    assert _meeting_notifications(app) == 0


def test_a_meeting_still_to_come_is_announced(app, world):
    client = app.test_client()
    assert login(client, "facilitator").status_code == 302
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) + dt.timedelta(days=3)
    url = f"/consortia/{world.consortium_id}/meetings/new"
    assert client.post(url, data=_form(start)).status_code == 302
    with app.app_context():
        meeting_id = db.session.scalar(sa.select(Meeting.id))
    assert notified(app, f"meeting.new:{meeting_id}") == NEGOTIATORS
