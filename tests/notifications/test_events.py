"""Each wired event reaches exactly the people concerned, in the app and by mail (real relay)."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.agreements.models import Agreement
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import services
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.notifications import services as notifications
from negotiator.notifications.models import Follow
from tests.agreements.factories import make_draft
from tests.factories import PASSWORD, make_item
from tests.notifications.conftest import give_addresses
from tests.notifications.helpers import deliver_outbox, notified, received_by, user


def _fresh_follows(*usernames: str) -> None:
    db.session.execute(sa.delete(Follow))
    for name in usernames:
        notifications.follow(user(name), _item_id())


def _item_id() -> int:
    return db.session.scalar(sa.select(AgendaItem.id).order_by(AgendaItem.id))


def test_new_item_reaches_facilitators_and_every_liaison_by_mail(app, world, relay):
    give_addresses(app)
    client = app.test_client()
    evil = "http://evil.test"  # the request's host name: links must not use it
    client.post("/login", data={"username": "facilitator", "password": PASSWORD}, base_url=evil)
    form = {
        "title": "リモートアクセスの方式",
        "category": "remote_access",
        "description": "",
        "proposing_member_id": "0",
        "rule_override": "",
        "text": "VPN を使う。",
    }
    response = client.post(
        f"/negotiations/{world.negotiation_id}/items/new", data=form, base_url=evil
    )
    assert response.status_code == 302 and "/items/" in response.location
    with app.app_context():
        item = db.session.scalar(sa.select(AgendaItem).order_by(AgendaItem.id.desc()))
        item_id = item.id
    assert notified(app, f"item.new:{item_id}") == {"liaison", "other_liaison"}
    deliver_outbox(app)
    assert received_by(relay) == {"liaison": 1, "other_liaison": 1}
    message = relay.recorder.messages[0]
    assert message.is_multipart()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"https://negotiator.example.lg.jp/items/{item_id}"
    assert link in text and f'href="{link}"' in html
    assert "evil.test" not in text + html
    assert "VPN" not in text + html  # the proposal text stays in the app
    assert "リモートアクセスの方式" in message["Subject"]


def test_new_revision_asks_liaisons_to_reconfirm_and_tells_followers(app, world, relay):
    give_addresses(app)
    with app.app_context():
        _fresh_follows("signatory")
        item = db.session.get(AgendaItem, world.item_id)
        revision = services.add_revision(
            item, "新しい提案文", "", user("facilitator"), base_revision=1
        )
        db.session.commit()
        key = f"item.revise:{revision.id}"
    assert notified(app, key) == {"liaison", "other_liaison", "signatory"}
    deliver_outbox(app)
    assert received_by(relay) == {"liaison": 1, "other_liaison": 1, "signatory": 1}


def test_position_reaches_followers_who_can_see_the_council_and_not_its_author(app, world, relay):
    give_addresses(app)
    with app.app_context():
        _fresh_follows("signatory", "observer", "outsider")  # outsider: another council
        item = db.session.get(AgendaItem, world.item_id)
        member = db.session.get(Member, world.member_ids[1])
        data = {"stance": "agree", "revision": 1, "source": "email"}
        roles = ConsortiumRoles(liaison_of=frozenset({member.id}))
        position = services.record_position(item, member, data, user("other_liaison"), roles)
        db.session.commit()
        key = f"position:{position.id}"
        # Recording a position makes its author a follower.
        assert notifications.is_following(user("other_liaison"), item.id)
    assert notified(app, key) == {"signatory", "observer"}
    deliver_outbox(app)
    assert received_by(relay) == {"signatory": 1, "observer": 1}
    body = relay.recorder.messages[0].get_body(("plain",)).get_content()
    assert "中土佐町" in body and "賛成" in body


def test_an_objection_also_reaches_the_facilitators(app, world, relay):
    give_addresses(app)
    with app.app_context():
        _fresh_follows("signatory")
        item = db.session.get(AgendaItem, world.item_id)
        member = db.session.get(Member, world.member_ids[1])
        data = {"stance": "object", "revision": 1, "source": "email", "reason": "費用が高い"}
        roles = ConsortiumRoles(liaison_of=frozenset({member.id}))
        position = services.record_position(item, member, data, user("other_liaison"), roles)
        db.session.commit()
        key = f"position:{position.id}"
    assert notified(app, key) == {"signatory", "facilitator"}
    deliver_outbox(app)
    assert received_by(relay) == {"signatory": 1, "facilitator": 1}
    message = relay.recorder.messages[0]
    assert "反対しました" in message["Subject"]
    assert "費用が高い" not in message.get_body(("plain",)).get_content()


def test_state_change_reaches_negotiators_and_followers(app, world, relay):
    give_addresses(app)
    with app.app_context():
        _fresh_follows("observer")
        item = db.session.get(AgendaItem, world.item_id)
        services.note_discussed(item, "第1回会議で協議")
        roles = ConsortiumRoles(facilitator=True)
        change = services.move(item, "discuss", "", user("facilitator"), roles, item.version)
        db.session.commit()
        key = f"item.move:{change.id}"
    assert notified(app, key) == {"liaison", "other_liaison", "observer"}
    deliver_outbox(app)
    assert received_by(relay) == {"liaison": 1, "other_liaison": 1, "observer": 1}
    assert "協議中" in relay.recorder.messages[0]["Subject"]


def test_agreement_sent_for_signature_reaches_the_signatories_only(app, world, relay):
    give_addresses(app)
    agreement_id = make_draft(app, world, send=True)
    assert notified(app, f"agreement.send:{agreement_id}") == {"signatory"}
    with app.app_context():
        assert db.session.get(Agreement, agreement_id).status == "out_for_signature"
    deliver_outbox(app)
    assert received_by(relay).get("signatory") == 1
    message = [m for m in relay.recorder.messages if "署名" in m["Subject"]]
    assert len(message) == 1
    assert f"/agreements/{agreement_id}" in message[0].get_body(("plain",)).get_content()


def test_an_event_written_by_a_refused_change_leaves_nothing(app, world, relay):
    """The outbox rolls back with the change: no notification, no mail, nothing queued."""
    give_addresses(app)
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        services.add_revision(item, "別の提案文", "", user("facilitator"), base_revision=1)
        db.session.rollback()
        from negotiator.notifications.models import Notification, OutgoingMail

        assert db.session.scalar(sa.select(sa.func.count(OutgoingMail.id))) == 0
        assert not db.session.scalar(
            sa.select(Notification.id).where(Notification.event_key.like("item.revise:%"))
        )
        from negotiator.jobs import huey_for

        assert huey_for(app).pending_count() == 0


def test_a_state_change_runs_the_same_statements_for_3_or_13_recipients(app, world):
    from negotiator.consortia.models import Consortium, Role
    from tests.factories import grant, make_user
    from tests.helpers import count_queries

    give_addresses(app)

    def move_new_item(title: str) -> int:
        with app.app_context():
            negotiation = db.session.get(Negotiation, world.negotiation_id)
            item = make_item(negotiation, title)
            services.note_discussed(item, "協議済み")
            db.session.commit()
            roles = ConsortiumRoles(facilitator=True)
            with count_queries(app) as counter:
                change = services.move(
                    item, "discuss", "", user("facilitator"), roles, item.version
                )
            key = f"item.move:{change.id}"
            db.session.commit()
        assert notified(app, key)
        return counter.count

    few = move_new_item("少人数")
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        member = db.session.get(Member, world.member_ids[2])
        for n in range(10):
            extra = make_user(f"extra{n}")
            extra.email = f"extra{n}@example.lg.jp"
            grant(extra, council, Role.LIAISON, member)
        db.session.commit()
    assert move_new_item("大人数") == few


def test_a_round_opened_and_closed_at_its_deadline_reaches_every_negotiator(app, world):
    import datetime as dt

    from negotiator.meetings.deadlines import close_due_rounds
    from tests.meetings.factories import make_round

    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        item = make_item(negotiation, "書面で決める事項", rule="consent")
        round_id = make_round(world.negotiation_id, [item.id], now + dt.timedelta(days=3), now).id
        db.session.commit()
    # The facilitator opened it: the liaisons are asked to answer.
    assert notified(app, f"round.open:{round_id}") == {"liaison", "other_liaison"}
    with app.app_context():
        assert close_due_rounds(now + dt.timedelta(days=3)) == 1
    # Closed by the app itself (no actor): the facilitator hears of it too.
    assert notified(app, f"round.end:{round_id}") == {"facilitator", "liaison", "other_liaison"}
