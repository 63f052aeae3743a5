"""Issue 15 item 1: meetings belong to the council. One meeting takes up items of several of
the council's negotiations and free entries (報告事項); numbering is per council; another
council's item is never put on the agenda; the old address of the schedule form redirects."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.meetings import services
from negotiator.meetings.facts import discussion_record
from negotiator.meetings.models import ActionItem, Meeting, MeetingItem
from negotiator.negotiation.models import Negotiation
from tests.factories import login, make_item, make_negotiation
from tests.meetings.factories import make_meeting


def _two_negotiations(app, world) -> tuple[int, int]:  # noqa: ANN001
    """The world's item, and an item of a second negotiation of the same council."""
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        second = make_item(make_negotiation(council, "防災情報の共有"), "避難所情報の共有")
        db.session.commit()
        return world.item_id, second.id


def _client(app, user: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_one_meeting_takes_up_items_of_two_negotiations_and_a_report(app, world):
    first, second = _two_negotiations(app, world)
    client = _client(app, "facilitator")
    with app.app_context():
        m = make_meeting(world.negotiation_id, held=True).id
        db.session.commit()
    url = f"/meetings/{m}/agenda"
    for item_id in (first, second):
        assert client.post(url, data={"action": "add", "item_id": item_id}).status_code == 302
    # A free entry needs a title; refused with a message, nothing written.
    refused = client.post(url, data={"action": "add_free", "title": "  "}, follow_redirects=True)
    assert "議題の件名を入力してください。" in refused.get_data(as_text=True)
    report = {"action": "add_free", "title": "報告事項 運用状況", "note": "資料1により報告"}
    assert client.post(url, data=report).status_code == 302
    page = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert "防災情報の共有" in page and "報告事項 運用状況" in page and "資料1により報告" in page
    with app.app_context():
        entries = db.session.scalars(
            sa.select(MeetingItem).where(MeetingItem.meeting_id == m).order_by(MeetingItem.id)
        ).all()
        assert [e.item_id for e in entries] == [first, second, None]
        assert entries[2].heading == "報告事項 運用状況"
    with app.app_context():
        title = db.session.get(Meeting, m).title
        assert [r.title for r in discussion_record(second)] == [title]
    item_page = client.get(f"/items/{second}").get_data(as_text=True)
    record = item_page.split('id="discussion-record"', 1)[1].split("</ul>", 1)[0]
    assert f'href="/meetings/{m}"' in record and title in record and "開催済み" in record
    # The free entry has no positions: the held meeting offers floor records for the items only.
    page = client.get(f"/meetings/{m}").get_data(as_text=True)
    assert page.count("発言を意見として記録") == 2
    pdf = client.get(f"/meetings/{m}/minutes.pdf")
    assert pdf.status_code == 200


def test_another_councils_item_is_never_on_the_agenda(app, world):
    with app.app_context():
        other = db.session.get(Consortium, world.other_consortium_id)
        foreign = make_item(make_negotiation(other, "他協議会の案件"), "他協議会の協議事項").id
        m = make_meeting(world.negotiation_id).id
        db.session.commit()
    client = _client(app, "facilitator")
    client.post(f"/meetings/{m}/agenda", data={"action": "add", "item_id": foreign})
    assert client.get(f"/meetings/{m}/items/{foreign}/position").status_code == 404
    with app.app_context():
        assert not db.session.scalars(sa.select(MeetingItem)).all()


def test_numbering_and_action_items_are_per_council(app, world):
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        second = make_negotiation(council, "防災情報の共有")
        other = make_negotiation(db.session.get(Consortium, world.other_consortium_id), "他")
        db.session.flush()
        numbers = [make_meeting(n.id).number for n in (world_negotiation(world), second, other)]
        assert numbers == [1, 2, 1]
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.number == 2))
        members = council.members
        action = services.add_action(
            meeting, {"description": "台数を報告", "owner_member_id": members[0].id}, members
        )
        assert action.consortium_id == council.id == meeting.consortium_id
        db.session.commit()


def world_negotiation(world) -> Negotiation:  # noqa: ANN001
    return db.session.get(Negotiation, world.negotiation_id)


def test_council_page_and_the_old_address(app, world):
    client = _client(app, "facilitator")
    old = client.get(f"/negotiations/{world.negotiation_id}/meetings/new")
    assert old.status_code == 302
    assert old.headers["Location"].endswith(f"/consortia/{world.consortium_id}/meetings/new")
    with app.app_context():
        meeting = make_meeting(world.negotiation_id)
        members = db.session.get(Consortium, world.consortium_id).members
        services.add_action(
            meeting, {"description": "規程案を作成", "owner_member_id": members[0].id}, members
        )
        db.session.commit()
        assert db.session.scalar(sa.select(ActionItem.consortium_id)) == world.consortium_id
    page = client.get(f"/consortia/{world.consortium_id}/meetings").get_data(as_text=True)
    assert "第1回 高知県中西部電算協議会" in page and "規程案を作成" in page
    # The negotiation's page lists only the meetings that took up one of its items.
    page = client.get(f"/negotiations/{world.negotiation_id}/meetings").get_data(as_text=True)
    assert "この協議案件の協議事項を議題にした会議はまだありません。" in page


def test_the_record_marks_the_meeting_that_decided_the_items_move(app, world):
    """Two held meetings took up the item; a move was decided at the second only."""
    from negotiator.auth.models import User
    from negotiator.negotiation.models import StateChange

    with app.app_context():
        first = make_meeting(world.negotiation_id, held=True)
        second = make_meeting(world.negotiation_id, held=True)
        for meeting in (first, second):
            db.session.add(MeetingItem(meeting_id=meeting.id, item_id=world.item_id))
        actor = db.session.scalar(sa.select(User.id).where(User.username == "facilitator"))
        db.session.add(
            StateChange(
                item_id=world.item_id,
                from_state="proposed",
                to_state="discussed",
                actor_id=actor,
                meeting_id=second.id,
            )
        )
        db.session.commit()
        decided = {r.id: r.decided for r in discussion_record(world.item_id)}
        assert decided == {first.id: False, second.id: True}
