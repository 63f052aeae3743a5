"""Meetings end to end through the views: schedule, agenda, attendance, minutes, confirmation."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.consortia.models import Consortium, Member, Role
from negotiator.db import db
from negotiator.meetings.models import ActionItem, Attendance, Meeting
from negotiator.negotiation.models import AgendaItem, Negotiation, Position, StateChange
from tests.factories import grant, login, make_user
from tests.helpers import assert_constant_queries
from tests.meetings.factories import PAST, make_meeting


def _third_liaison(app, world) -> None:  # noqa: ANN001
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        grant(make_user("third_liaison"), council, Role.LIAISON, council.members[2])
        db.session.commit()


def _client(app, user: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_schedule_in_japan_time_with_default_title(app, world):
    client = _client(app, "facilitator")
    url = f"/consortia/{world.consortium_id}/meetings/new"
    bad = client.post(
        url, data={"starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T09:00", "mode": "hybrid"}
    )
    assert 'id="ends_at-error"' in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0
    ok = client.post(
        url,
        data={
            "starts_at": "2026-12-10T10:00",
            "ends_at": "2026-12-10T12:00",
            "place": "須崎市役所",
            "mode": "hybrid",
        },
    )
    assert ok.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(sa.select(Meeting))
        assert meeting.title == "第1回 高知県中西部電算協議会"
        assert meeting.starts_at.replace(tzinfo=None) == dt.datetime(2026, 12, 10, 1, 0)
    page = client.get(ok.headers["Location"]).get_data(as_text=True)
    assert "2026年12月10日 10:00〜12:00" in page


def _hold_with_records(app, world, client) -> int:  # noqa: ANN001
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id], start=PAST)
        db.session.commit()
        m = meeting.id
    members = world.member_ids
    rows = {}
    for n, mid in enumerate(members):
        rows |= {
            f"rows-{n}-member_id": mid,
            f"rows-{n}-presence": "in_person",
            f"rows-{n}-attendees": f"情報政策課長 職員{n}",
        }
    assert client.post(f"/meetings/{m}/attendance", data=rows).status_code == 302
    assert client.post(f"/meetings/{m}/held").status_code == 302
    for mid in members[1:]:
        response = client.post(
            f"/meetings/{m}/items/{world.item_id}/position",
            data={"member_id": mid, "stance": "agree", "revision": 1},
        )
        assert response.status_code == 302
    with app.app_context():
        version = db.session.get(AgendaItem, world.item_id).version
    client.post(f"/meetings/{m}/items/{world.item_id}/move/discuss", data={"version": version})
    return m


def test_meeting_records_decisions_and_minutes_are_confirmed(app, world):
    _third_liaison(app, world)
    fac = _client(app, "facilitator")
    m = _hold_with_records(app, world, fac)
    with app.app_context():
        assert db.session.get(AgendaItem, world.item_id).state == "discussed"
        assert db.session.scalar(sa.select(StateChange.meeting_id)) == m
        sources = db.session.execute(
            sa.select(Position.source, Position.meeting_id).where(Position.meeting_id == m)
        ).all()
        assert sources == [("meeting", m), ("meeting", m)]
        entry_id = db.session.get(Meeting, m).agenda[0].id
        version = db.session.get(Meeting, m).version
    fac.post(
        f"/meetings/{m}/minutes",
        data={
            "notes": "# 概要\n開会",
            "version": version,
            "items-0-entry_id": entry_id,
            "items-0-notes": "端末を限定する",
        },
    )
    assert fac.post(f"/meetings/{m}/publish").status_code == 302
    page = fac.get(f"/meetings/{m}").get_data(as_text=True)
    assert "<h1>概要</h1>" in page and "情報政策課長 職員0" in page and "協議中" in page
    # A correction request, a republish, then three confirmations lock the minutes.
    liaison = _client(app, "liaison")
    url0 = f"/meetings/{m}/members/{world.member_ids[0]}/confirm"
    empty = liaison.post(url0, data={"answer": "correction", "comment": "", "revision": 1})
    assert 'id="comment-error"' in empty.get_data(as_text=True)
    liaison.post(url0, data={"answer": "correction", "comment": "職名の誤り", "revision": 1})
    with app.app_context():
        version = db.session.get(Meeting, m).version
    fac.post(
        f"/meetings/{m}/minutes",
        data={
            "notes": "# 概要\n開会(訂正)",
            "version": version,
            "items-0-entry_id": entry_id,
            "items-0-notes": "x",
        },
    )
    fac.post(f"/meetings/{m}/publish", data={"change_note": "職名を訂正"})
    stale = liaison.post(url0, data={"answer": "confirm", "revision": 1})
    assert "第2版が公開されました" in stale.get_data(as_text=True)
    for user, index in (("liaison", 0), ("other_liaison", 1), ("third_liaison", 2)):
        client = _client(app, user)
        url = f"/meetings/{m}/members/{world.member_ids[index]}/confirm"
        assert client.post(url, data={"answer": "confirm", "revision": 2}).status_code == 302
    with app.app_context():
        assert db.session.get(Meeting, m).status == "confirmed"
        version = db.session.get(Meeting, m).version
    locked = fac.post(f"/meetings/{m}/minutes", data={"notes": "改ざん", "version": version})
    assert "議事録が確定しているため変更できません" in locked.get_data(as_text=True)
    fac.post(f"/meetings/{m}/reopen", data={"reason": "日付の誤記"})
    with app.app_context():
        assert db.session.get(Meeting, m).status == "held"
        assert db.session.get(Meeting, m).notes == "# 概要\n開会(訂正)"
        summaries = db.session.scalars(sa.select(AuditEntry.summary)).all()
        assert any("再開: 日付の誤記" in s for s in summaries)
        assert any("議事録 第2版が確定" in s for s in summaries)


def test_liaison_cannot_confirm_for_another_member(app, world):
    fac = _client(app, "facilitator")
    m = _hold_with_records(app, world, fac)
    fac.post(f"/meetings/{m}/publish")
    liaison = _client(app, "liaison")
    url = f"/meetings/{m}/members/{world.member_ids[1]}/confirm"
    assert liaison.post(url, data={"answer": "confirm", "revision": 1}).status_code == 403
    assert fac.post(url, data={"answer": "confirm", "revision": 1}).status_code == 403


def test_concurrent_minutes_edit_is_refused_and_text_kept(app, world):
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id]).id
        db.session.commit()
        version = db.session.get(Meeting, m).version
    first, second = _client(app, "facilitator"), _client(app, "facilitator")
    assert (
        first.post(
            f"/meetings/{m}/minutes", data={"notes": "最初の記録", "version": version}
        ).status_code
        == 302
    )
    refused = second.post(
        f"/meetings/{m}/minutes", data={"notes": "二人目の記録", "version": version}
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "他の人が議事録を保存しました" in body
    assert "二人目の記録" in body  # the second writer's text is still in the form
    with app.app_context():
        assert db.session.get(Meeting, m).notes == "最初の記録"


def test_observer_reads_but_cannot_edit(app, world):
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id]).id
        db.session.commit()
    observer = _client(app, "observer")
    page = observer.get(f"/meetings/{m}").get_data(as_text=True)
    assert "議事録を書く" not in page and "第1回" in page
    assert observer.post(f"/meetings/{m}/held").status_code == 403
    assert observer.get("/meetings/99999").status_code == 404


def test_action_items_carry_over_until_done(app, world):
    fac = _client(app, "facilitator")
    with app.app_context():
        first = make_meeting(world.negotiation_id).id
        second = make_meeting(world.negotiation_id).id
        db.session.commit()
    bad = fac.post(
        f"/meetings/{first}/actions",
        data={"description": "", "owner_member_id": world.member_ids[0]},
    )
    assert bad.status_code == 302
    fac.post(
        f"/meetings/{first}/actions",
        data={
            "description": "端末台数を報告する",
            "owner_member_id": world.member_ids[2],
            "due_date": "2026-12-20",
        },
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ActionItem.id))) == 1
        action = db.session.scalar(sa.select(ActionItem.id))
    assert "端末台数を報告する" in fac.get(f"/meetings/{second}").get_data(as_text=True)
    fac.post(f"/actions/{action}/done")
    page = fac.get(f"/meetings/{second}").get_data(as_text=True)
    assert "前回までの宿題" not in page


def test_meeting_page_queries_do_not_grow(app, world):
    fac = _client(app, "facilitator")
    m = _hold_with_records(app, world, fac)

    def grow() -> None:
        from tests.factories import make_item, make_member, record

        with app.app_context():
            council = db.session.get(Consortium, world.consortium_id)
            meeting = db.session.get(Meeting, m)
            for i in range(3):
                make_member(council, f"追加町{i}")
            from negotiator.meetings import services

            members = db.session.scalars(
                sa.select(Member).where(Member.consortium_id == council.id)
            ).all()
            for i in range(3):
                item = make_item(db.session.get(Negotiation, world.negotiation_id), f"追加項目{i}")
                services.add_to_agenda(meeting, item)
                record(item, members[i], "agree")
                services.add_action(
                    meeting, {"description": f"宿題{i}", "owner_member_id": members[i].id}, members
                )
                db.session.add(
                    Attendance(
                        meeting_id=m,
                        member_id=members[3 + i].id,
                        presence="remote",
                        attendees="課長",
                    )
                )
            db.session.commit()

    assert_constant_queries(app, lambda: fac.get(f"/meetings/{m}"), grow)
