"""Cancelling a meeting (reason required, read-only afterwards) and publishing its agenda."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.meetings.models import Meeting
from tests.db_state import db_state as _state
from tests.factories import login
from tests.meetings.factories import make_meeting


def _client(app, user: str = "facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _meeting(app, world, item_ids=(), held: bool = False) -> tuple[int, int]:  # noqa: ANN001
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, list(item_ids), held=held)
        db.session.commit()
        return meeting.id, meeting.version


def test_cancel_refuses_a_missing_reason_at_its_field_and_changes_nothing(app, world):
    m, version = _meeting(app, world)
    client = _client(app)
    page = client.get(f"/meetings/{m}/cancel").get_data(as_text=True)
    assert "中止は取り消せません" in page
    assert f'name="version" type="hidden" value="{version}"' in page
    before = _state(app)
    for reason in ("", "   "):
        response = client.post(f"/meetings/{m}/cancel", data={"reason": reason, "version": version})
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert 'id="reason-error"' in body and "中止の理由を入力してください" in body
    assert _state(app) == before


def test_a_cancelled_meeting_shows_its_reason_and_refuses_every_change(app, world):
    m, version = _meeting(app, world, [world.item_id])
    client = _client(app)
    stale = client.post(f"/meetings/{m}/cancel", data={"reason": "台風", "version": version - 1})
    assert "他の人が先にこの会議を変更しました" in stale.get_data(as_text=True)
    reason = "台風の接近のため"
    done = client.post(f"/meetings/{m}/cancel", data={"reason": reason, "version": version})
    assert done.status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, m)
        assert meeting.status == "cancelled" and meeting.cancel_reason == "台風の接近のため"
        version = meeting.version
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "meeting.cancel")
        )
        assert "台風の接近のため" in entry.summary
    page = _client(app, "observer").get(f"/meetings/{m}").get_data(as_text=True)
    assert "meeting-status-cancelled" in page and "中止" in page and "台風の接近のため" in page
    own = client.get(f"/meetings/{m}").get_data(as_text=True)
    for gone in ("/edit", "/cancel", "/held", "/agenda/publish", "議題から外す"):
        assert gone not in own, gone
    before = _state(app)
    edit = client.post(
        f"/meetings/{m}/edit",
        data={
            "starts_at": "2026-12-17T10:00",
            "ends_at": "2026-12-17T12:00",
            "mode": "online",
            "version": version,
        },
    )
    assert "中止された会議は変更できません" in edit.get_data(as_text=True)
    again = client.post(f"/meetings/{m}/cancel", data={"reason": "再度", "version": version})
    assert "中止された会議は変更できません" in again.get_data(as_text=True)
    for url in (f"/meetings/{m}/held", f"/meetings/{m}/agenda/publish"):
        client.post(url)
    client.post(f"/meetings/{m}/agenda", data={"action": "remove", "entry_id": 1})
    assert _state(app) == before
    flashed = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert "中止された会議は変更できません" in flashed
    # Not upcoming any more; its own .ics says it is cancelled.
    feed = client.get(f"/consortia/{world.consortium_id}/meetings.ics").get_data(as_text=True)
    assert f"meeting-{m}@" not in feed
    ics = client.get(f"/meetings/{m}/meeting.ics").get_data(as_text=True)
    assert "STATUS:CANCELLED" in ics


def test_a_held_meeting_cannot_be_cancelled(app, world):
    m, version = _meeting(app, world, held=True)
    client = _client(app)
    before = _state(app)
    page = client.post(f"/meetings/{m}/cancel", data={"reason": "x", "version": version})
    assert "開催済みの会議は中止できません" in page.get_data(as_text=True)
    assert _state(app) == before


def test_the_publish_button_follows_one_rule(app, world):
    m, _version = _meeting(app, world)
    client = _client(app)
    empty = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert "議題を公開" in empty and 'disabled aria-disabled="true"' in empty
    assert "議題がまだありません" in empty
    refused = client.post(f"/meetings/{m}/agenda/publish", follow_redirects=True)
    assert "議題がまだありません" in refused.get_data(as_text=True)
    client.post(f"/meetings/{m}/agenda", data={"action": "add", "item_id": world.item_id})
    ready = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert "議題はまだ公開されていません" in ready
    assert 'aria-describedby="agenda-publish-why"' not in ready
    assert client.post(f"/meetings/{m}/agenda/publish").status_code == 302
    published = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert "議題を公開しました(1回目" in published and "議題を公開し直す" in published
    assert "前回の公開から議題が変わっていません" in published
    with app.app_context():
        meeting = db.session.get(Meeting, m)
        assert meeting.agenda_publish_count == 1 and meeting.agenda_published_at is not None
        assert db.session.scalar(
            sa.select(AuditEntry.id).where(AuditEntry.action == "meeting.agenda_publish")
        )
    observer = _client(app, "observer").get(f"/meetings/{m}").get_data(as_text=True)
    assert "/agenda/publish" not in observer and "議題を公開しました(1回目" in observer
