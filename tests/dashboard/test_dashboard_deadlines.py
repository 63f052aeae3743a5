"""Issue 15 item 5, the rest of the dashboard's to-dos: items ready to be decided and written
rounds past their deadline for the facilitator, written rounds to answer for a liaison; every
dated to-do shows its deadline, overdue ones first (flagged), then by deadline; a fixed
statement count."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Consortium, Member, Role
from negotiator.db import db
from negotiator.meetings import rounds, services
from negotiator.meetings.deadlines import close_due_rounds
from negotiator.meetings.models import WrittenRound
from negotiator.negotiation import services as negotiation_services
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.queries import members_of
from tests.factories import grant, login, make_item, make_member, make_user, record
from tests.helpers import assert_constant_queries
from tests.meetings.factories import make_meeting, make_round

JST = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
TODAY = NOW.astimezone(JST).date()


@pytest.fixture(autouse=True)
def _now() -> None:
    """Each test's own "now": read when the module was imported, it was a day behind the app's
    for every test run after midnight in Japan (15:00 UTC)."""
    global NOW, TODAY
    NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
    TODAY = NOW.astimezone(JST).date()


def _page(app, user: str, path: str = "/") -> str:  # noqa: ANN001
    client = app.test_client()
    login(client, user)
    return client.get(path).get_data(as_text=True)


def _user(name: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == name))


def _move(item_id: int, name: str) -> None:
    item = db.session.get(AgendaItem, item_id)
    facilitator = _user("facilitator")
    with acting_as(facilitator):
        negotiation_services.move(
            item, name, "", facilitator, ConsortiumRoles(facilitator=True), item.version
        )


def _everyone_agrees(item_id: int, members: slice = slice(None)) -> None:
    item = db.session.get(AgendaItem, item_id)
    for member in item.negotiation.consortium.members[members]:
        record(item, member, "agree")


def _jst(value: dt.datetime) -> str:
    return value.astimezone(JST).strftime("%Y-%m-%d %H:%M")


# Items ready to be decided -------------------------------------------------------------------


def test_an_item_every_member_agreed_on_is_ready_to_be_decided(app, world):
    with app.app_context():
        _everyone_agrees(world.item_id)
        negotiation_services.note_discussed(db.session.get(AgendaItem, world.item_id), "第1回")
        db.session.commit()
    link = f'href="/items/{world.item_id}"'
    page = _page(app, "facilitator")
    assert "合意を決定できます" in page and link in page
    assert "決定方法(全会一致)を満たしています" in page
    assert "合意を決定できます" not in _page(app, "liaison")
    with app.app_context():  # 協議中にする: still ready, one move away from 合意
        _move(world.item_id, "discuss")
        db.session.commit()
    assert "合意を決定できます" in _page(app, "facilitator")
    with app.app_context():
        _move(world.item_id, "agree")
        db.session.commit()
    assert "合意を決定できます" not in _page(app, "facilitator")


def test_an_item_is_not_ready_while_a_member_is_missing_or_it_was_never_discussed(app, world):
    with app.app_context():
        _everyone_agrees(world.item_id, slice(0, 2))  # 四万十町 has not answered
        db.session.get(AgendaItem, world.item_id).state = "discussed"
        other = make_item(db.session.get(Negotiation, world.negotiation_id), "未協議の事項")
        _everyone_agrees(other.id)  # the rule holds, but no meeting or round took it up
        db.session.commit()
    page = _page(app, "facilitator")
    assert "合意を決定できます" not in page
    assert "四万十町: 第1版への意見がありません" in page
    assert "会議または書面協議でまだ協議されていません" in page


# Written rounds -----------------------------------------------------------------------------


def _round(app, world, deadline: dt.datetime, consent: bool = False) -> int:  # noqa: ANN001
    """A round on the world's item opened a week before its deadline."""
    with app.app_context():
        if consent:  # 須崎市 agreed; the others will be deemed to consent at the deadline
            negotiation = db.session.get(Negotiation, world.negotiation_id)
            negotiation.deemed_consent = True
            db.session.get(AgendaItem, world.item_id).rule_override = "consent"
            _everyone_agrees(world.item_id, slice(0, 1))
        opened = deadline - dt.timedelta(days=7)
        written = make_round(world.negotiation_id, [world.item_id], deadline, opened)
        db.session.commit()
        return written.id


def _answer(world, round_id: int, index: int) -> None:  # noqa: ANN001
    member = db.session.get(Member, world.member_ids[index])
    rounds.answer(
        db.session.get(WrittenRound, round_id),
        db.session.get(AgendaItem, world.item_id),
        member,
        {"stance": "agree", "revision": 1},
        _user("liaison" if index == 0 else "other_liaison"),
        ConsortiumRoles(liaison_of=frozenset({member.id})),
        members_of(world.consortium_id),
    )
    db.session.commit()


def test_a_round_to_answer_shows_its_deadline_until_the_member_answered(app, world):
    deadline = NOW + dt.timedelta(days=3)
    round_id = _round(app, world, deadline)
    link = f'href="/rounds/{round_id}"'
    for user in ("liaison", "other_liaison"):
        page = _page(app, user)
        assert "書面協議に回答" in page and link in page
        assert f"期限 {_jst(deadline)}" in page
    with app.app_context():
        _answer(world, round_id, 0)
    assert "書面協議に回答" not in _page(app, "liaison")
    assert "書面協議に回答" in _page(app, "other_liaison")  # 中土佐町 still owes its answer
    assert "書面協議に回答" not in _page(app, "facilitator")


def test_an_open_round_past_its_deadline_asks_the_facilitator_to_close_it(app, world):
    deadline = NOW - dt.timedelta(hours=1)  # the deadline job has not run yet
    round_id = _round(app, world, deadline)
    page = _page(app, "facilitator")
    assert "回答期限を過ぎた書面協議" in page and f'href="/rounds/{round_id}"' in page
    assert f"期限切れ {_jst(deadline)}" in page and "締め切って結果を確定してください" in page
    assert "回答期限を過ぎた書面協議" not in _page(app, "liaison")
    assert "書面協議に回答" not in _page(app, "liaison")  # too late to answer
    with app.app_context():
        assert close_due_rounds(NOW) == 1  # nobody answered under unanimity: not met
    assert "回答期限を過ぎた書面協議" not in _page(app, "facilitator")


def test_a_closed_round_whose_result_is_not_acted_on_stays_until_the_item_is_agreed(app, world):
    deadline = NOW - dt.timedelta(hours=1)
    round_id = _round(app, world, deadline, consent=True)
    with app.app_context():
        assert close_due_rounds(NOW) == 1
        assert db.session.get(WrittenRound, round_id).items[0].result == "met"
    page = _page(app, "facilitator")
    assert "回答期限を過ぎた書面協議" in page and f"期限切れ {_jst(deadline)}" in page
    assert "決定方法を満たした協議事項(1件)がまだ合意とされていません" in page
    assert "合意を決定できます" in page  # the item itself, with みなし同意
    with app.app_context():
        _move(world.item_id, "discuss")
        _move(world.item_id, "agree")
        db.session.commit()
    page = _page(app, "facilitator")
    assert "回答期限を過ぎた書面協議" not in page and "合意を決定できます" not in page


# Order --------------------------------------------------------------------------------------


def _action(meeting, description: str, due: dt.date | None, owner: int = 0) -> None:  # noqa: ANN001
    members = members_of(meeting.consortium_id)
    data = {"description": description, "owner_member_id": members[owner].id, "due_date": due}
    services.add_action(meeting, data, members)


def _dated_world(app, world) -> None:  # noqa: ANN001
    """Action items due at various days around a round whose deadline is in three days, and a
    round past its deadline."""
    _round(app, world, NOW + dt.timedelta(days=3))
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        late = make_item(negotiation, "期限を過ぎた書面協議の事項")
        make_round(negotiation.id, [late.id], NOW - dt.timedelta(hours=1), NOW - dt.timedelta(2))
        meeting = make_meeting(world.negotiation_id, held=True)
        _action(meeting, "期限のない宿題", None)
        _action(meeting, "十日後の宿題", TODAY + dt.timedelta(days=10))
        _action(meeting, "先月の宿題", TODAY - dt.timedelta(days=30))
        _action(meeting, "明日の宿題", TODAY + dt.timedelta(days=1))
        _action(meeting, "昨日の宿題", TODAY - dt.timedelta(days=1))
        _action(meeting, "今日の宿題", TODAY)  # due today is not late yet
        db.session.commit()


def _order(page: str, labels: list[str]) -> list[str]:
    return sorted((label for label in labels if label in page), key=page.index)


def test_overdue_first_and_flagged_then_by_deadline_undated_last(app, world):
    _dated_world(app, world)
    page = _page(app, "liaison")
    shown = ["先月の宿題", "昨日の宿題", "今日の宿題", "明日の宿題", "書面協議に回答"]
    rest = ["十日後の宿題", "期限のない宿題"]
    # The first five (bounds.DASHBOARD_PER_KIND), the rest one link away, in the same order.
    assert _order(page, [*shown, *rest, "須崎市の意見を登録"]) == [*shown, "須崎市の意見を登録"]
    assert "「期限のある対応」をすべて表示(ほか2件)" in page
    assert page.count("期限切れ") == 2
    assert f"期限切れ {TODAY - dt.timedelta(days=30)}" in page
    assert f"期限 {TODAY}" in page
    page = _page(app, "liaison", "/?kind=dated")
    assert _order(page, [*shown, *rest, "須崎市の意見を登録"]) == [*shown, *rest]
    assert "期限なし" in page and "7件" in page
    page = _page(app, "facilitator")
    midnight = dt.datetime.combine(TODAY, dt.time(), JST)  # 昨日の宿題 is late from then on
    late = ["先月の宿題", "昨日の宿題", "回答期限を過ぎた書面協議"]
    if NOW - dt.timedelta(hours=1) < midnight:  # the round's deadline came first
        late[1:] = late[:0:-1]
    assert _order(page, [*late, "今日の宿題"]) == [*late, "今日の宿題"]
    assert page.count("期限切れ") == 3
    assert "書面協議に回答" not in page


# Statement count ----------------------------------------------------------------------------


def _grow(app, world, tag: str) -> None:  # noqa: ANN001
    """More members, items ready to be decided, rounds to answer, late rounds open and closed
    (some closed with their result waiting on the facilitator)."""
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        for n in range(2):
            member = make_member(council, f"{tag}町{n}")
            grant(make_user(f"{tag}_liaison{n}"), council, Role.LIAISON, member)
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        for n in range(3):
            ready = make_item(negotiation, f"{tag}決定できる事項{n}")
            _everyone_agrees(ready.id)
            negotiation_services.note_discussed(ready, "第2回")
            asked = make_item(negotiation, f"{tag}書面の事項{n}")
            make_round(negotiation.id, [asked.id], NOW + dt.timedelta(days=n + 1), NOW)
            late = make_item(negotiation, f"{tag}期限後の事項{n}")
            _everyone_agrees(late.id)  # met at the close: the result waits on the facilitator
            opened = NOW - dt.timedelta(days=3)
            make_round(negotiation.id, [late.id], NOW - dt.timedelta(hours=n + 1), opened)
        db.session.commit()
        close_due_rounds(NOW - dt.timedelta(minutes=90))  # some closed, some still open


def test_the_new_to_dos_do_not_grow_the_statement_count(app, world):
    _dated_world(app, world)
    for user in ("liaison", "facilitator"):
        client = app.test_client()
        login(client, user)
        assert_constant_queries(
            app, lambda c=client: c.get("/"), lambda u=user: _grow(app, world, u)
        )
    page = _page(app, "facilitator", "/?kind=item")  # the grown data is listed
    assert page.count("合意を決定できます") >= 6
    page = _page(app, "facilitator", "/?kind=dated")
    assert page.count("締め切って結果を確定してください") >= 2
    assert page.count("がまだ合意とされていません") >= 4
