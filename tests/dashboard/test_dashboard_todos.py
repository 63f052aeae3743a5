"""Issue 15, the dashboard's to-dos: minutes to confirm, a 協定書 to prepare, action items
(overdue first, flagged), each with its deadline and a link; a fixed statement count."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.meetings import minutes, queries, services
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.workflow import Actor
from tests.agreements.factories import make_draft
from tests.dates import ahead
from tests.factories import login, make_item, make_negotiation
from tests.helpers import assert_constant_queries
from tests.meetings.factories import make_meeting


def _page(app, user: str) -> str:  # noqa: ANN001
    client = app.test_client()
    login(client, user)
    return client.get("/").get_data(as_text=True)


def _published(negotiation_id: int, item_ids: list[int]) -> int:
    """A held meeting with its minutes published (revision 1); returns its id."""
    meeting = make_meeting(negotiation_id, item_ids, held=True)
    facilitator = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
    view = queries.meeting_view(meeting, Actor(is_facilitator=True))
    minutes.publish(meeting, queries.minutes_content(view), "", facilitator)
    return meeting.id


def _answer(meeting_id: int, member_id: int, answer: str) -> None:
    from negotiator.meetings.models import Meeting
    from negotiator.negotiation.queries import members_of

    meeting = db.session.get(Meeting, meeting_id)
    member = db.session.get(Member, member_id)
    user = db.session.scalar(sa.select(User).where(User.username == "liaison"))
    data = {"answer": answer, "revision": 1, "comment": "職名の誤り"}
    minutes.confirm(meeting, member, data, user, members_of(member.consortium_id))


@pytest.mark.parametrize(
    ("answer", "listed"),
    [(None, True), ("confirm", False), ("correction", False)],  # a correction waits on 事務局
)
def test_minutes_awaiting_my_confirmation(app, world, answer, listed):
    with app.app_context():
        m = _published(world.negotiation_id, [world.item_id])
        if answer:
            _answer(m, world.member_ids[0], answer)
        db.session.commit()
    page = _page(app, "liaison")
    link = f"/meetings/{m}/members/{world.member_ids[0]}/confirm"
    assert (link in page) is listed
    assert ("須崎市として議事録を確認" in page) is listed
    other = _page(app, "other_liaison")  # 中土佐町 has not answered: its own line
    assert f"/meetings/{m}/members/{world.member_ids[1]}/confirm" in other
    assert link not in other
    assert "議事録を確認" not in _page(app, "observer")


def _settle(negotiation_id: int, states: list[str]) -> None:
    items = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.negotiation_id == negotiation_id)
    ).all()
    for item, state in zip(items, states, strict=True):
        item.state = state  # the board's state as the workflow would have left it


@pytest.mark.parametrize(
    ("states", "drafted", "listed"),
    [
        (["agreed"], False, True),
        (["agreed", "withdrawn"], False, True),
        (["agreed", "discussed"], False, False),
        (["withdrawn"], False, False),
        (["agreed"], True, False),
    ],
)
def test_facilitator_is_asked_to_prepare_the_agreement(app, world, states, drafted, listed):
    if drafted:  # every item agreed (the factory agrees them) and a draft made
        make_draft(app, world)
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        for n in range(len(states) - 1):
            make_item(negotiation, f"追加の協議事項{n}")
        if not drafted:
            _settle(world.negotiation_id, states)
        db.session.commit()
    page = _page(app, "facilitator")
    link = f"/negotiations/{world.negotiation_id}/agreement"
    assert (f'href="{link}"' in page) is listed
    assert ("協定書を作成する" in page) is listed
    assert "協定書を作成する" not in _page(app, "liaison")


ACTIONS = [
    # (description, owner index, due date, done)
    ("規程案を作成", 0, ahead(12, 24), False),
    ("端末台数を報告", 0, dt.date(2026, 6, 5), False),
    ("期限のない宿題", 0, None, False),
    ("中土佐町の宿題", 1, dt.date(2026, 6, 1), False),
    ("済んだ宿題", 0, dt.date(2026, 6, 2), True),
]


def _actions(world) -> None:  # noqa: ANN001
    meeting = make_meeting(world.negotiation_id, held=True)
    members = db.session.scalars(
        sa.select(Member).where(Member.id.in_(world.member_ids)).order_by(Member.sort_order)
    ).all()
    for description, owner, due, done in ACTIONS:
        data = {"description": description, "owner_member_id": members[owner].id}
        action = services.add_action(meeting, data | {"due_date": due}, list(members))
        if done:
            services.complete_action(action, meeting)


@pytest.mark.parametrize(
    ("user", "order", "overdue"),
    [
        ("liaison", ["端末台数を報告", "規程案を作成", "期限のない宿題"], ["2026-06-05"]),
        (
            "facilitator",
            ["中土佐町の宿題", "端末台数を報告", "規程案を作成", "期限のない宿題"],
            ["2026-06-01", "2026-06-05"],
        ),
        ("other_liaison", ["中土佐町の宿題"], ["2026-06-01"]),
        ("observer", [], []),
    ],
)
def test_action_items_overdue_first_and_flagged(app, world, user, order, overdue):
    with app.app_context():
        _actions(world)
        db.session.commit()
    page = _page(app, user)
    shown = [d for d, *_rest in ACTIONS if d in page]
    assert sorted(shown) == sorted(order) and "済んだ宿題" not in page
    assert [page.index(d) for d in order] == sorted(page.index(d) for d in order)
    for date in overdue:
        assert f"期限切れ {date}" in page
    assert page.count("期限切れ") == len(overdue)
    if "規程案を作成" in order:
        assert f"期限 {ahead(12, 24)}" in page and "期限なし" in page
        assert "#actions" in page


def _grow(app, world) -> None:  # noqa: ANN001
    """More of everything the to-dos read: meetings with minutes, action items, negotiations
    ready for their agreement."""
    with app.app_context():
        council = db.session.get(Negotiation, world.negotiation_id).consortium
        for n in range(3):
            negotiation = make_negotiation(council, f"追加の協議案件{n}")
            item = make_item(negotiation, f"協議事項{n}")
            item.state = "agreed"
            _published(world.negotiation_id, [])
        _actions(world)
        db.session.commit()


@pytest.mark.parametrize("user", ["liaison", "facilitator"])
def test_dashboard_to_dos_do_not_grow_the_statement_count(app, world, user):
    with app.app_context():
        _published(world.negotiation_id, [world.item_id])
        _actions(world)
        db.session.commit()
    client = app.test_client()
    login(client, user)
    assert_constant_queries(app, lambda: client.get("/"), lambda: _grow(app, world))
