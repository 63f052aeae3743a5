"""The dashboard's to-dos that have a deadline, in one list: overdue ones first (flagged), then
by deadline, undated ones last; and the written rounds a facilitator must act on past their
deadline. A fixed number of statements, however many rounds, items or members."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from negotiator.consortia.models import Membership, Role
from negotiator.dashboard.lists import JST, Due
from negotiator.db import db, utcnow
from negotiator.meetings.models import RoundItem, WrittenRound, as_utc
from negotiator.meetings.round_states import ItemResult, RoundState
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.queries import OPEN_STATES


@dataclasses.dataclass(frozen=True)
class LateRound:
    """A round past its deadline that waits on the facilitator: still open (the deadline job
    has not closed it: 締め切る records the result), or closed with items whose rule was met
    and that nobody has taken to 合意 yet (`pending`)."""

    round: WrittenRound
    pending: int

    @property
    def open(self) -> bool:
        return self.round.state == RoundState.OPEN.value


def rounds_past_deadline(user_id: int, now: dt.datetime | None = None) -> list[LateRound]:
    """For a facilitator: the councils' rounds past their deadline that still need action."""
    now = now or utcnow()
    facilitated = sa.select(Membership.consortium_id).where(
        Membership.user_id == user_id, Membership.role == Role.FACILITATOR.value
    )
    # Items the round decided (rule met) still open on the wording the round asked about.
    pending = (
        sa.select(sa.func.count(RoundItem.id))
        .join(AgendaItem, AgendaItem.id == RoundItem.item_id)
        .where(
            RoundItem.round_id == WrittenRound.id,
            RoundItem.result == ItemResult.MET.value,
            AgendaItem.state.in_(OPEN_STATES),
            AgendaItem.current_revision == RoundItem.revision_number,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(WrittenRound, Negotiation, pending)
        .join(Negotiation, Negotiation.id == WrittenRound.negotiation_id)
        .where(Negotiation.consortium_id.in_(facilitated), WrittenRound.deadline <= now)
        .where(
            (WrittenRound.state == RoundState.OPEN.value)
            | ((WrittenRound.state == RoundState.CLOSED.value) & (pending > 0))
        )
        .order_by(WrittenRound.deadline, WrittenRound.id)
    ).all()
    return [LateRound(written, count) for written, _negotiation, count in rows]


@dataclasses.dataclass(frozen=True)
class Dated:
    """One to-do of the dated list. `kind`: "action" (an ActionItem), "answer" (a round to
    answer) or "late_round" (a LateRound); `deadline` is aware, None when there is none."""

    kind: str
    subject: Any
    deadline: dt.datetime | None
    overdue: bool


def _day_end(day: dt.date) -> dt.datetime:
    """An action item due on a day (in Japan) is late from the next day on."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), JST)


def dated(
    actions: Iterable[Due],
    rounds: Iterable[WrittenRound],
    late: Iterable[LateRound],
    now: dt.datetime | None = None,
) -> list[Dated]:
    """Every dated to-do: overdue first, then by deadline (the earliest first), undated last."""
    now = now or utcnow()
    todos = [
        Dated("action", d.action, d.action.due_date and _day_end(d.action.due_date), d.overdue)
        for d in actions
    ]
    todos += [Dated("answer", r, as_utc(r.deadline), as_utc(r.deadline) <= now) for r in rounds]
    todos += [Dated("late_round", r, as_utc(r.round.deadline), True) for r in late]
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    # sorted() is stable: to-dos with the same deadline keep the order of their own list.
    return sorted(todos, key=lambda t: (not t.overdue, t.deadline or never))
