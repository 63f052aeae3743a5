"""Reminders and deadlines that notify by themselves, an extension, and signing: exactly the
people concerned, at the real relay, with explicit times (no waiting on the clock)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.meetings import round_controls, rounds, services
from negotiator.meetings.models import ActionItem, WrittenRound
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.queries import members_of
from negotiator.notifications.reminders import remind_actions, remind_rounds
from tests.factories import make_item
from tests.meetings.factories import make_meeting, make_round
from tests.notifications.conftest import give_addresses
from tests.notifications.helpers import deliver_outbox, notified, user

JAPAN = ZoneInfo("Asia/Tokyo")
NOW = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)


def _round(app, world, deadline: dt.datetime, opened: dt.datetime = NOW) -> tuple[int, int]:  # noqa: ANN001
    """A round on two items opened at `opened`: (round id, the second item's id)."""
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        second = make_item(negotiation, "書面で決める事項")
        written = make_round(world.negotiation_id, [world.item_id, second.id], deadline, opened)
        db.session.commit()
        return written.id, second.id


def _answer(app, world, round_id: int, item_id: int, index: int) -> None:  # noqa: ANN001
    """Member `index` answers one item of the round, as its liaison."""
    with app.app_context():
        written = db.session.get(WrittenRound, round_id)
        member = db.session.get(Member, world.member_ids[index])
        roles = ConsortiumRoles(liaison_of=frozenset({member.id}))
        rounds.answer(
            written,
            db.session.get(AgendaItem, item_id),
            member,
            {"stance": "agree", "revision": 1},
            user("liaison" if index == 0 else "other_liaison"),
            roles,
            members_of(world.consortium_id),
            now=NOW,
        )
        db.session.commit()


def _received(relay, word: str) -> Counter:  # noqa: ANN001
    """Messages per recipient (username) whose subject holds `word`."""
    return Counter(
        m["To"].addresses[0].username for m in relay.recorder.messages if word in m["Subject"]
    )


def _remind(app, at: dt.datetime) -> int:  # noqa: ANN001
    with app.app_context():
        return remind_rounds(at)


def test_reminders_3_and_1_day_before_reach_only_liaisons_who_still_owe_answers(app, world, relay):
    give_addresses(app)
    deadline = NOW + 5 * DAY
    round_id, second = _round(app, world, deadline)
    # 須崎市 answers both items; 中土佐町 only one: it still owes an answer.
    _answer(app, world, round_id, world.item_id, 0)
    _answer(app, world, round_id, second, 0)
    _answer(app, world, round_id, second, 1)
    assert _remind(app, deadline - 3 * DAY - MINUTE) == 0
    assert _remind(app, deadline - 3 * DAY) == 1
    assert _remind(app, deadline - 3 * DAY + 15 * MINUTE) == 0  # the next run: nothing twice
    assert notified(app, f"round.remind3:{round_id}") == {"other_liaison"}
    assert _remind(app, deadline - DAY + MINUTE) == 1
    assert _remind(app, deadline - DAY + 30 * MINUTE) == 0
    assert notified(app, f"round.remind1:{round_id}") == {"other_liaison"}
    assert _remind(app, deadline + MINUTE) == 0  # past the deadline: the round closes instead
    deliver_outbox(app)
    assert _received(relay, "回答期限") == {"other_liaison": 2}
    reminders = [m for m in relay.recorder.messages if "回答期限" in m["Subject"]]
    local = deadline.astimezone(JAPAN)
    assert f"{local.year}年{local.month}月{local.day}日" in reminders[0]["Subject"]
    assert f"{local.hour}:{local.minute:02d}" in reminders[0]["Subject"]


def test_a_short_round_gets_only_the_reminders_still_ahead_and_never_3_after_1(app, world):
    give_addresses(app)
    short, _ = _round(app, world, NOW + 2 * DAY)
    # Opened after its 3-day mark: no 3-day reminder, the 1-day one at its time.
    assert _remind(app, NOW + MINUTE) == 0
    assert _remind(app, NOW + DAY + MINUTE) == 2
    assert notified(app, f"round.remind1:{short}") == {"liaison", "other_liaison"}
    assert not notified(app, f"round.remind3:{short}")
    with app.app_context():
        tiny = make_round(world.negotiation_id, [world.item_id], NOW + 12 * 60 * MINUTE, NOW)
        tiny_id = tiny.id
        db.session.commit()
    assert _remind(app, NOW + 2 * 60 * MINUTE) == 0  # opened after both marks: none at all
    assert not notified(app, f"round.remind1:{tiny_id}")


def test_a_missed_3_day_reminder_is_not_sent_late_even_after_an_extension(app, world):
    give_addresses(app)
    deadline = NOW + 5 * DAY
    round_id, _ = _round(app, world, deadline)
    # The consumer was down through the 3-day window: only the 1-day reminder goes out.
    assert _remind(app, deadline - DAY + MINUTE) == 2
    with app.app_context():
        written = db.session.get(WrittenRound, round_id)
        later = deadline + 5 * DAY
        round_controls.extend(written, later, written.version, deadline - DAY + 2 * MINUTE)
        db.session.commit()
    assert _remind(app, later - 3 * DAY + MINUTE) == 0
    assert not notified(app, f"round.remind3:{round_id}")


def test_an_extension_tells_the_negotiators_the_new_deadline_once_per_deadline(app, world, relay):
    give_addresses(app)
    round_id, _ = _round(app, world, NOW + 3 * DAY)
    new = (NOW + 10 * DAY).astimezone(JAPAN).replace(hour=17, minute=0)
    with app.app_context():
        written = db.session.get(WrittenRound, round_id)
        round_controls.extend(written, new, written.version, NOW, user("facilitator"))
        db.session.commit()
    key = f"round.extend:{round_id}:{new.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    # The facilitator who extended it knows; the other negotiators are told.
    assert notified(app, key) == {"liaison", "other_liaison"}
    deliver_outbox(app)
    subjects = [m["Subject"] for m in relay.recorder.messages if "延長" in m["Subject"]]
    assert len(subjects) == 2
    assert f"{new.year}年{new.month}月{new.day}日" in subjects[0] and "17:00" in subjects[0]
    assert _received(relay, "延長") == {"liaison": 1, "other_liaison": 1}


def _action(app, world, due: dt.date | None, owner: int = 1) -> int:  # noqa: ANN001
    with app.app_context():
        meeting = make_meeting(world.negotiation_id)
        members = members_of(world.consortium_id)
        data = {"description": "回線の見積を取る", "owner_member_id": world.member_ids[owner]}
        action = services.add_action(meeting, data | {"due_date": due}, members)
        db.session.commit()
        return action.id


def _at_nine(day: dt.date) -> dt.datetime:
    """09:00 Japan time on `day`, when the daily job runs."""
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=JAPAN)


def test_action_items_due_and_overdue_reach_the_owners_liaisons_and_facilitators(app, world, relay):
    give_addresses(app)
    due = dt.date(2026, 12, 15)
    action_id = _action(app, world, due)
    done_id = _action(app, world, due)
    no_date = _action(app, world, None)
    with app.app_context():
        done = db.session.get(ActionItem, done_id)
        services.complete_action(done, done.meeting)
        db.session.commit()

    def run(day: dt.date) -> int:
        with app.app_context():
            return remind_actions(_at_nine(day))

    assert run(due - 2 * DAY) == 0
    assert run(due - DAY) == 2  # the day before: due
    assert run(due) == 0  # on the day: already told
    assert notified(app, f"action.due:{action_id}") == {"other_liaison", "facilitator"}
    assert run(due + DAY) == 2  # the day after: overdue, once
    assert run(due + 2 * DAY) == 0
    assert notified(app, f"action.overdue:{action_id}") == {"other_liaison", "facilitator"}
    for key in (f"action.due:{done_id}", f"action.overdue:{done_id}", f"action.due:{no_date}"):
        assert not notified(app, key)
    deliver_outbox(app)
    assert _received(relay, "宿題事項") == {"other_liaison": 2, "facilitator": 2}
    subjects = sorted(m["Subject"] for m in relay.recorder.messages)
    assert any("過ぎています" in s and "2026年12月15日(火)" in s for s in subjects)
    assert any("近づいています" in s and "回線の見積を取る" in s for s in subjects)


def test_an_action_item_first_seen_on_its_day_is_due_then_overdue(app, world):
    give_addresses(app)
    due = dt.date(2026, 12, 15)
    action_id = _action(app, world, due, owner=0)
    with app.app_context():
        assert remind_actions(_at_nine(due)) == 2
        # Late the same evening (Japan time) is still the same day: not yet overdue.
        assert remind_actions(_at_nine(due) + 14 * 60 * MINUTE) == 0
    assert notified(app, f"action.due:{action_id}") == {"liaison", "facilitator"}
    assert not notified(app, f"action.overdue:{action_id}")
    with app.app_context():
        assert remind_actions(_at_nine(due + DAY)) == 2


def test_every_reminder_job_is_declared_on_the_engine():
    from negotiator.jobs.registry import PERIODIC

    assert {"rounds.remind", "actions.remind-daily"} <= set(PERIODIC)
    daily = PERIODIC["actions.remind-daily"].schedule
    assert daily(dt.datetime(2026, 12, 15, 0, 0))  # 09:00 in Japan is midnight UTC
    assert not daily(dt.datetime(2026, 12, 15, 9, 0))


def test_deadlines_and_due_dates_read_in_the_readers_language(app):
    from flask_babel import force_locale

    from negotiator.notifications.messages import headline

    params = {"title": "IT-BCP", "deadline": "2026-12-15T08:00:00+00:00", "variant": "extended"}
    due = {"title": "見積", "due": "2026-12-15", "variant": "overdue"}
    with app.app_context():
        with force_locale("ja"):
            assert "2026年12月15日(火) 17:00に延長されました" in headline("round_reminder", params)
            overdue = headline("action_due", due)
            assert "2026年12月15日(火)" in overdue and "を過ぎています" in overdue
        with force_locale("en"):
            assert "extended to Tue 15 Dec 2026, 17:00 JST" in headline("round_reminder", params)
            assert "due on Tue 15 Dec 2026" in headline("action_due", due)
