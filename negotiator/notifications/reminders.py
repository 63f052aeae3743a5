"""Reminders that go out by themselves: written rounds before their deadline, action items due.

The job engine calls these periodically with the current time; tests pass any time. Each event
has a key of its own (round.remind3:{id}, round.remind1:{id}, action.due:{id},
action.overdue:{id}), so a rerun, or two consumers running the same job, never tells anyone twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from negotiator.db import db
from negotiator.meetings.models import ActionItem, ActionStatus, RoundItem, WrittenRound, as_utc
from negotiator.meetings.round_states import RoundState
from negotiator.negotiation.models import AgendaItem, Position
from negotiator.negotiation.queries import members_of
from negotiator.notifications import events
from negotiator.notifications.models import Notification

log = logging.getLogger(__name__)
JAPAN = ZoneInfo("Asia/Tokyo")
# Days before the deadline, latest first: past the 1-day mark only that one is due.
MARKS = (1, 3)


def _aware(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise ValueError("reminders need an aware datetime (UTC)")
    return now.astimezone(dt.UTC)


def remind_rounds(now: dt.datetime) -> int:
    """Remind the liaisons of members who have not answered every item of an open round, 3 days
    and 1 day before its deadline; return how many were notified.

    A mark counts only if the round was already open at it: a round opened 2 days before its
    deadline gets the 1-day reminder only (its opening notice was the first), and past the
    1-day mark a missed 3-day reminder is never sent late, nor after an extension once the
    1-day one went out."""
    now = _aware(now)
    ids = db.session.scalars(
        sa.select(WrittenRound.id)
        .where(
            WrittenRound.state == RoundState.OPEN.value,
            WrittenRound.deadline > now,
            WrittenRound.deadline <= now + dt.timedelta(days=max(MARKS)),
        )
        .order_by(WrittenRound.deadline, WrittenRound.id)
    ).all()
    db.session.rollback()  # end the read; each round gets a transaction of its own
    return sum(_in_transaction(WrittenRound, i, lambda w: _remind(w, now)) for i in ids)


def _remind(written: WrittenRound, now: dt.datetime) -> int:
    days = due_mark(written, now)
    if days is None or (days == 3 and _sent(f"round.remind1:{written.id}")):
        return 0
    owing = members_owing(written)
    return events.round_reminder(written, days, owing) if owing else 0


def due_mark(written: WrittenRound, now: dt.datetime) -> int | None:
    """The reminder (days before the deadline) due at `now`, if any."""
    deadline, opened = as_utc(written.deadline), as_utc(written.opened_at)
    if written.round_state != RoundState.OPEN or now >= deadline:
        return None
    for days in MARKS:
        mark = deadline - dt.timedelta(days=days)
        if now >= mark:
            return days if opened < mark else None
    return None


def _sent(key: str) -> bool:
    return (
        db.session.scalar(sa.select(Notification.id).where(Notification.event_key == key).limit(1))
        is not None
    )


def members_owing(written: WrittenRound) -> list[int]:
    """Members without an answer in this round on every item it still asks about."""
    live = db.session.scalars(
        sa.select(RoundItem.item_id)
        .join(AgendaItem, AgendaItem.id == RoundItem.item_id)
        .where(
            RoundItem.round_id == written.id,
            RoundItem.result.is_(None),
            RoundItem.revision_number == AgendaItem.current_revision,
        )
    ).all()
    answered = {
        tuple(row)
        for row in db.session.execute(
            sa.select(Position.item_id, Position.member_id)
            .where(Position.round_id == written.id)
            .distinct()
        )
    }
    members = members_of(written.negotiation.consortium_id)
    return [m.id for m in members if any((i, m.id) not in answered for i in live)]


def remind_actions(now: dt.datetime) -> int:
    """Open action items due today or tomorrow (Japan time), and those overdue: the owner's
    liaisons and the facilitators hear once of each; items done are never mentioned."""
    today = _aware(now).astimezone(JAPAN).date()
    rows = db.session.execute(
        sa.select(ActionItem.id, ActionItem.consortium_id)
        .where(
            ActionItem.status == ActionStatus.OPEN.value,
            ActionItem.due_date.is_not(None),
            ActionItem.due_date <= today + dt.timedelta(days=1),
        )
        .order_by(ActionItem.due_date, ActionItem.id)
    ).all()
    db.session.rollback()

    def remind(action: ActionItem, consortium_id: int) -> int:
        if action.status != ActionStatus.OPEN.value:
            return 0  # done meanwhile
        return events.action_due(action, consortium_id, overdue=action.due_date < today)

    return sum(_in_transaction(ActionItem, i, lambda a, c=cid: remind(a, c)) for i, cid in rows)


def _in_transaction(model: type, row_id: int, work: Callable[[object], int]) -> int:
    """Run `work` on one row and commit; a failure is logged and holds back nothing else."""
    try:
        row = db.session.get(model, row_id)
        done = work(row) if row is not None else 0
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("reminder for %s %s failed", model.__name__, row_id)
        return 0
    return done
