"""The dashboard's to-dos that have a deadline, in one list: overdue ones first (flagged), then
by deadline, undated ones last; and the written rounds a facilitator must act on past their
deadline. A fixed number of statements, however many rounds, items or members; and every
kind of to-do of the dashboard, bounded (todo_lists, negotiator.bounds)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa

from negotiator.consortia.models import Role
from negotiator.dashboard.lists import roles_held
from negotiator.dashboard.meeting_lists import JST, Due
from negotiator.db import utcnow
from negotiator.meetings.models import RoundItem, WrittenRound, as_utc
from negotiator.meetings.round_states import ItemResult, RoundState
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.queries import OPEN_STATES
from negotiator.paging import Shown, first, prepared


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


def rounds_past_deadline(
    user_id: int, now: dt.datetime | None = None, limit: int | None = None, offset: int = 0
) -> Shown[LateRound]:
    """For a facilitator: the councils' rounds past their deadline that still need action."""
    params = {"user": user_id, "now": now or utcnow()}
    rows = first(_rounds_past_deadline(), limit, offset, scalars=False, params=params)
    return Shown([LateRound(written, count) for written, _negotiation, count in rows], rows.total)


@prepared
def _rounds_past_deadline() -> sa.Select:
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
    return (
        sa.select(WrittenRound, Negotiation, pending)
        .join(Negotiation, Negotiation.id == WrittenRound.negotiation_id)
        .where(Negotiation.consortium_id.in_(roles_held(Role.FACILITATOR)))
        .where(WrittenRound.deadline <= sa.bindparam("now"))
        .where(
            (WrittenRound.state == RoundState.OPEN.value)
            | ((WrittenRound.state == RoundState.CLOSED.value) & (pending > 0))
        )
        .order_by(WrittenRound.deadline, WrittenRound.id)
    )


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
    actions: Shown[Due],
    rounds: Shown[WrittenRound],
    late: Shown[LateRound],
    now: dt.datetime | None = None,
) -> Shown[Dated]:
    """The dated to-dos: overdue first, then by deadline (the earliest first), undated last,
    and the count of all (each list's own total)."""
    now = now or utcnow()
    todos = [
        Dated("action", d.action, d.action.due_date and _day_end(d.action.due_date), d.overdue)
        for d in actions
    ]
    todos += [Dated("answer", r, as_utc(r.deadline), as_utc(r.deadline) <= now) for r in rounds]
    todos += [Dated("late_round", r, as_utc(r.round.deadline), True) for r in late]
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    # sorted() is stable: to-dos with the same deadline keep the order of their own list.
    todos = sorted(todos, key=lambda t: (not t.overdue, t.deadline or never))
    return Shown(todos, actions.total + rounds.total + late.total)


# Every kind of to-do the dashboard lists, in the order it shows them.
KINDS = ("dated", "sign", "approve", "unexecuted", "prepare", "confirm", "rsvp", "position", "item")


def todo_lists(
    user_id: int, limit: int, offset: int = 0, only: str | None = None, examined: int = 0
) -> dict[str, Shown]:
    """kind -> Shown: `limit` to-dos of each kind from `offset` and the count of all (SQL);
    with `only`, that kind alone (the others empty). The facilitator's item to-dos run the
    workflow on `limit` open items (`examined` if more), then keep `limit` to-dos."""
    from negotiator.dashboard import lists, meeting_lists
    from negotiator.negotiation import tasks

    def dated_list(user: int, limit: int, offset: int) -> Shown[Dated]:
        # Each list's first offset + limit rows hold the merged list's first offset + limit.
        want = offset + limit
        merged = dated(
            meeting_lists.actions_due(user, limit=want),
            meeting_lists.open_rounds(user, limit=want),
            rounds_past_deadline(user, limit=want),
        )
        return Shown(merged[offset:want], merged.total)

    sources = {
        "dated": dated_list,
        "sign": lists.agreements_to_sign,
        "approve": lists.approvals_to_record,
        "unexecuted": lists.execution_progress,
        "prepare": lists.agreements_to_prepare,
        "confirm": meeting_lists.minutes_to_confirm,
        "rsvp": lambda user, limit, offset: meeting_lists.attendance_to_answer(
            user, None, limit, offset
        ),
        "position": tasks.positions_owed,
        "item": lambda user, limit, offset: _first(
            tasks.item_tasks(user, max(limit, examined), offset), limit if examined else None
        ),
    }
    return {
        kind: source(user_id, limit=limit, offset=offset) if only in (None, kind) else Shown([], 0)
        for kind, source in sources.items()
    }


def _first(shown: Shown, limit: int | None) -> Shown:
    return Shown(shown[:limit], shown.total)
