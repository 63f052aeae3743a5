"""Meeting events reach exactly the people concerned (real relay): scheduled, moved and cancelled
with the meeting's .ics, agenda published, minutes awaiting confirmation."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa

from negotiator.db import db
from negotiator.meetings.models import Meeting, MinutesRevision
from negotiator.notifications.models import Notification, OutgoingMail
from tests.dates import ahead, ahead_local, en_day, ja_day
from tests.factories import PASSWORD, make_item, make_negotiation
from tests.meetings.factories import make_meeting
from tests.notifications.conftest import give_addresses
from tests.notifications.helpers import deliver_outbox, notified, received_by, user

JST = ZoneInfo("Asia/Tokyo")
EVIL = "http://evil.test"  # the request's host name: links and UIDs must not use it
NEGOTIATORS = {"liaison", "other_liaison"}  # the facilitator acts; nobody else is concerned


def _client(app, username: str = "facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, base_url=EVIL
    )
    assert response.status_code == 302
    return client


def _scheduled(app, world, item_ids=()) -> int:  # noqa: ANN001
    """A meeting scheduled by the facilitator (its own event, not part of these tests)."""
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, list(item_ids))
        db.session.commit()
        return meeting.id


def _invitation(message: EmailMessage) -> tuple[EmailMessage, icalendar.Calendar]:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in message.iter_attachments()]
    return parts[0], icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def _event(cal: icalendar.Calendar) -> icalendar.Event:
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1
    return events[0]


def _download_uid(app, meeting_id: int) -> str:  # noqa: ANN001
    body = _client(app).get(f"/meetings/{meeting_id}/meeting.ics", base_url=EVIL).data
    return str(_event(icalendar.Calendar.from_ical(body))["UID"])


def _mails_for(relay, username: str) -> list[EmailMessage]:  # noqa: ANN001
    return [m for m in relay.recorder.messages if m["To"].addresses[0].username == username]


def test_a_scheduled_meeting_reaches_the_negotiators_with_a_request_ics(app, world, relay):
    give_addresses(app, {"other_liaison": "en"})
    client = _client(app)
    form = {
        "starts_at": ahead_local(12, 10, "10:00"),
        "ends_at": ahead_local(12, 10, "12:00"),
        "place": "須崎市役所",
        "mode": "hybrid",
    }
    url = f"/consortia/{world.consortium_id}/meetings/new"
    assert client.post(url, data=form, base_url=EVIL).status_code == 302
    with app.app_context():
        meeting_id = db.session.scalar(sa.select(Meeting.id))
    assert notified(app, f"meeting.new:{meeting_id}") == NEGOTIATORS
    deliver_outbox(app)
    assert received_by(relay) == {"liaison": 1, "other_liaison": 1}
    (ja,) = _mails_for(relay, "liaison")
    assert f"{ja_day(ahead(12, 10))} 10:00に予定されました" in ja["Subject"]
    (en,) = _mails_for(relay, "other_liaison")
    assert f"is scheduled for {en_day(ahead(12, 10))}, 10:00 JST" in en["Subject"]
    part, cal = _invitation(ja)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == f"meeting-{meeting_id}.ics"
    event = _event(cal)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == _download_uid(app, meeting_id)
    assert "evil.test" not in str(event["UID"]) + str(event["URL"])
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == dt.datetime.combine(
        ahead(12, 10), dt.time(10, 0), tzinfo=JST
    )
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:negotiator@example.lg.jp"
    text = ja.get_body(("plain",)).get_content()
    assert f"https://negotiator.example.lg.jp/meetings/{meeting_id}" in text
    assert "evil.test" not in text


def test_a_move_sends_a_higher_sequence_and_a_new_title_alone_sends_nothing(app, world, relay):
    meeting_id = _scheduled(app, world)
    give_addresses(app)
    client = _client(app)

    def edit(**changes: str) -> None:
        with app.app_context():
            version = db.session.get(Meeting, meeting_id).version
        form = {
            "title": "第1回 協議会",
            "starts_at": ahead_local(12, 10, "10:00"),
            "ends_at": ahead_local(12, 10, "12:00"),
            "place": "須崎市役所 3階会議室",
            "mode": "hybrid",
            "version": version,
        } | changes
        response = client.post(f"/meetings/{meeting_id}/edit", data=form, base_url=EVIL)
        assert response.status_code == 302, response.get_data(as_text=True)

    edit(title="第1回 協議会(改称)")
    with app.app_context():
        moves = db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.event_key.like("meeting.move:%")
            )
        )
    assert moves == 0
    edit(starts_at=ahead_local(12, 17, "13:30"), ends_at=ahead_local(12, 17, "15:00"))
    with app.app_context():
        version = db.session.get(Meeting, meeting_id).version
    assert notified(app, f"meeting.move:{meeting_id}:{version}") == NEGOTIATORS
    edit(
        starts_at=ahead_local(12, 17, "13:30"),
        ends_at=ahead_local(12, 17, "15:00"),
        place="中土佐町役場",
    )
    with app.app_context():
        later = db.session.get(Meeting, meeting_id).version
    assert later > version
    assert notified(app, f"meeting.move:{meeting_id}:{later}") == NEGOTIATORS
    deliver_outbox(app)
    assert received_by(relay) == {"liaison": 2, "other_liaison": 2}
    sequences = []
    for message in _mails_for(relay, "liaison"):
        assert f"予定が変更されました({ja_day(ahead(12, 17))} 13:30)" in message["Subject"]
        part, cal = _invitation(message)
        event = _event(cal)
        assert part.get_param("method") == "REQUEST" and str(cal["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == _download_uid(app, meeting_id)
        assert event.decoded("DTSTART") == dt.datetime.combine(
            ahead(12, 17), dt.time(13, 30), tzinfo=JST
        )
        sequences.append(int(event["SEQUENCE"]))
    assert sorted(sequences) == [version, later] and version > 1


def test_a_cancelled_meeting_sends_method_cancel_with_the_same_uid(app, world, relay):
    meeting_id = _scheduled(app, world)
    give_addresses(app)
    with app.app_context():
        version = db.session.get(Meeting, meeting_id).version
    client = _client(app)
    response = client.post(
        f"/meetings/{meeting_id}/cancel",
        data={"reason": "台風の接近のため", "version": version},
        base_url=EVIL,
    )
    assert response.status_code == 302
    assert notified(app, f"meeting.cancel:{meeting_id}") == NEGOTIATORS
    deliver_outbox(app)
    assert received_by(relay) == {"liaison": 1, "other_liaison": 1}
    (message,) = _mails_for(relay, "liaison")
    assert f"{ja_day(ahead(12, 10))} 10:00の会議" in message["Subject"]
    assert "中止" in message["Subject"]
    part, cal = _invitation(message)
    event = _event(cal)
    assert part.get_param("method") == "CANCEL"
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == _download_uid(app, meeting_id)
    assert int(event["SEQUENCE"]) > version
    # In the app too, in the reader's words.
    listed = _client(app, "liaison").get("/notifications/", base_url=EVIL).get_data(as_text=True)
    title = "第1回 高知県中西部電算協議会"
    assert f"{ja_day(ahead(12, 10))} 10:00の会議「{title}」は中止になりました" in listed


def test_publishing_the_agenda_notifies_once_per_publication(app, world, relay):
    meeting_id = _scheduled(app, world, [world.item_id])
    give_addresses(app)
    client = _client(app)
    url = f"/meetings/{meeting_id}/agenda/publish"
    assert client.post(url, base_url=EVIL).status_code == 302
    assert notified(app, f"agenda.publish:{meeting_id}:1") == NEGOTIATORS
    # Unchanged: refused, nobody is told twice.
    client.post(url, base_url=EVIL)
    with app.app_context():
        count = sa.select(sa.func.count(Notification.id)).where(Notification.kind == "agenda")
        assert db.session.scalar(count) == 2
        # An item of another negotiation of the council: the agenda is the council's.
        council = db.session.get(Meeting, meeting_id).consortium
        item_id = make_item(make_negotiation(council, "防災情報の共有"), "運用時間").id
        db.session.commit()
    added = client.post(
        f"/meetings/{meeting_id}/agenda", data={"action": "add", "item_id": item_id}, base_url=EVIL
    )
    assert added.status_code == 302 and "/login" not in added.location
    assert client.post(url, base_url=EVIL).status_code == 302
    assert notified(app, f"agenda.publish:{meeting_id}:2") == NEGOTIATORS
    deliver_outbox(app)
    # (the new item was proposed too: that is its own event)
    published = [m for m in relay.recorder.messages if "議題が公開されました" in m["Subject"]]
    assert Counter(m["To"].addresses[0].username for m in published) == {
        "liaison": 2,
        "other_liaison": 2,
    }
    message = published[0]
    assert not list(message.iter_attachments())
    text = message.get_body(("plain",)).get_content()
    assert f"https://negotiator.example.lg.jp/meetings/{meeting_id}" in text


def test_published_minutes_ask_the_liaisons_of_every_member_per_revision(app, world, relay):
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id], held=True)
        db.session.commit()
        meeting_id = meeting.id
    give_addresses(app)
    client = _client(app)
    assert client.post(f"/meetings/{meeting_id}/publish", base_url=EVIL).status_code == 302
    with app.app_context():
        first = db.session.scalar(sa.select(MinutesRevision.id))
        version = db.session.get(Meeting, meeting_id).version
    # Liaisons only: they confirm for their members; observers and signatories do not.
    assert notified(app, f"minutes.publish:{first}") == NEGOTIATORS
    client.post(
        f"/meetings/{meeting_id}/minutes",
        data={"notes": "訂正", "version": version},
        base_url=EVIL,
    )
    assert client.post(f"/meetings/{meeting_id}/publish", base_url=EVIL).status_code == 302
    with app.app_context():
        second = db.session.scalar(sa.select(sa.func.max(MinutesRevision.id)))
    assert second != first
    assert notified(app, f"minutes.publish:{second}") == NEGOTIATORS
    deliver_outbox(app)
    assert received_by(relay) == {"liaison": 2, "other_liaison": 2}
    assert all("議事録の確認" in m["Subject"] for m in relay.recorder.messages)


def test_a_refused_cancel_writes_no_notification(app, world, relay):
    meeting_id = _scheduled(app, world)
    give_addresses(app)
    with app.app_context():
        version = db.session.get(Meeting, meeting_id).version
        before = db.session.scalar(sa.select(sa.func.count(OutgoingMail.id)))
    client = _client(app)
    response = client.post(
        f"/meetings/{meeting_id}/cancel", data={"reason": "", "version": version}, base_url=EVIL
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(OutgoingMail.id))) == before
        assert db.session.get(Meeting, meeting_id).status == "scheduled"
        assert user("liaison").email  # addresses were there: the refusal wrote nothing
    assert not notified(app, f"meeting.cancel:{meeting_id}")
