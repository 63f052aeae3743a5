"""Preferences (immediately / daily digest / off), the digest hour, languages, safe headers."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import services
from negotiator.negotiation.models import AgendaItem
from negotiator.notifications import digest
from negotiator.notifications import services as notifications
from negotiator.notifications.models import Follow, Kind, Mode, Notification, OutgoingMail
from tests.factories import login, make_item
from tests.notifications.conftest import give_addresses
from tests.notifications.helpers import deliver_outbox, received_by, user


def _position(world, stance: str = "agree") -> None:  # noqa: ANN001
    item = db.session.get(AgendaItem, world.item_id)
    member = db.session.get(Member, world.member_ids[1])
    data = {"stance": stance, "revision": item.current_revision, "source": "email"}
    if stance == "object":
        data["reason"] = "費用が高い"
    roles = ConsortiumRoles(liaison_of=frozenset({member.id}))
    services.record_position(item, member, data, user("other_liaison"), roles)


def test_preferences_page_saves_modes_and_digest_hour(app, world):
    client = app.test_client()
    login(client, "signatory")
    page = client.get("/notifications/preferences")
    assert page.status_code == 200 and "まとめメールの時刻" in page.text
    form = {f"modes-{k.value}": "immediate" for k in Kind}
    form |= {"modes-position": "digest", "modes-state_change": "off", "digest_hour": "18"}
    assert client.post("/notifications/preferences", data=form).status_code == 302
    with app.app_context():
        signatory = user("signatory")
        chosen = notifications.preferences(signatory)
        assert chosen[Kind.POSITION] == Mode.DIGEST
        assert chosen[Kind.STATE_CHANGE] == Mode.OFF
        assert chosen[Kind.ITEM_NEW] == Mode.IMMEDIATE
        assert signatory.digest_hour == 18
    form["digest_hour"] = "24"
    refused = client.post("/notifications/preferences", data=form)
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.text


def test_off_keeps_the_notification_in_the_app_only(app, world, relay):
    give_addresses(app)
    with app.app_context():
        signatory = user("signatory")
        notifications.follow(signatory, world.item_id)
        notifications.save_preferences(signatory, {Kind.POSITION: Mode.OFF}, 8)
        _position(world)
        db.session.commit()
    deliver_outbox(app)
    assert "signatory" not in received_by(relay)
    client = app.test_client()
    login(client, "signatory")
    listing = client.get("/notifications/")
    assert "中土佐町が協議事項1「アクセス権制御ポリシー」に意見を登録しました" in listing.text
    assert "未読1件" in listing.text
    client.post("/notifications/read")
    assert "未読1件" not in client.get("/notifications/").text


def test_digest_collects_notifications_and_goes_out_once_at_the_chosen_hour(app, world, relay):
    give_addresses(app)
    with app.app_context():
        db.session.execute(sa.delete(Follow))  # the world's first author follows the item
        signatory = user("signatory")
        notifications.follow(signatory, world.item_id)
        digest_both = {Kind.POSITION: Mode.DIGEST, Kind.OBJECTION: Mode.DIGEST}
        notifications.save_preferences(signatory, digest_both, 9)
        _position(world, "agree")
        _position(world, "object")
        db.session.commit()
    deliver_outbox(app)
    assert "signatory" not in received_by(relay)
    japan_8 = dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)  # 08:30 in Japan
    japan_9 = japan_8 + dt.timedelta(hours=1)
    with app.app_context():
        assert digest.send_due_digests(japan_8) == 0
        assert digest.send_due_digests(japan_9) == 1
        db.session.commit()
        assert digest.send_due_digests(japan_9) == 0  # the hourly job ran twice
        db.session.commit()
    deliver_outbox(app)
    # The facilitators heard of the objection at once; the signatory only in the digest.
    assert received_by(relay) == {"signatory": 1, "facilitator": 1}
    (digest_mail,) = [m for m in relay.recorder.messages if "まとめ" in m["Subject"]]
    body = digest_mail.get_body(("plain",)).get_content()
    assert "2件" in body and "賛成" in body and "反対" in body
    assert "費用が高い" not in body  # reasons are read in the app


def test_mail_is_in_the_recipients_language(app, world, relay):
    give_addresses(app, language={"liaison": "en"})
    with app.app_context():
        negotiation = db.session.get(AgendaItem, world.item_id).negotiation
        make_item(negotiation, "運用ルール")
        db.session.commit()
    deliver_outbox(app)
    by_user = {m["To"].addresses[0].username: m for m in relay.recorder.messages}
    assert "has been proposed" in by_user["liaison"]["Subject"]
    assert "提案されました" in by_user["other_liaison"]["Subject"]


def test_user_text_cannot_add_mail_headers(app, world, relay):
    give_addresses(app)
    with app.app_context():
        negotiation = db.session.get(AgendaItem, world.item_id).negotiation
        make_item(negotiation, "件名\r\nBcc: spy@example.com\r\nX-Evil: 1")
        db.session.commit()
    deliver_outbox(app)
    assert relay.recorder.messages
    for message in relay.recorder.messages:
        assert message["Bcc"] is None and message["X-Evil"] is None
        assert "\n" not in str(message["Subject"])
    assert set(received_by(relay)) == {"liaison", "other_liaison", "facilitator"}


def test_users_without_an_address_get_the_app_notification_only(app, world, relay):
    with app.app_context():
        negotiation = db.session.get(AgendaItem, world.item_id).negotiation
        item = make_item(negotiation, "運用ルール")
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(OutgoingMail.id))) == 0
        rows = db.session.scalars(
            sa.select(Notification.delivery).where(Notification.event_key == f"item.new:{item.id}")
        ).all()
        assert rows == ["none"] * 3
