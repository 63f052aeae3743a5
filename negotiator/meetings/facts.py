"""What meetings and written rounds tell about items: the workflow's facts (two statements per
call) and the item page's 協議の記録 (two, which also give that item's facts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa

from negotiator.db import db, utcnow
from negotiator.meetings.models import (
    Meeting,
    MeetingItem,
    RoundItem,
    Status,
    WrittenRound,
    as_utc,
)
from negotiator.meetings.round_states import RoundState, deems_consent
from negotiator.negotiation.models import AgendaItem, StateChange

HELD = (Status.HELD.value, Status.CONFIRMED.value)


# Built once: every board and item page asks (see negotiation/queries.py). Each agenda line's
# meeting is looked up by its key, not joined: a join let PostgreSQL hash every held meeting of
# the installation (issue 18: a seq scan of all councils' meetings, which no index on meeting or
# meeting_item changed); this reads the items' meetings only.
_ON_HELD_AGENDA = sa.select(MeetingItem.item_id).where(
    MeetingItem.item_id.in_(sa.bindparam("ids", expanding=True)),
    sa.select(Meeting.status)
    .where(Meeting.id == MeetingItem.meeting_id)
    .scalar_subquery()
    .in_(HELD),
)
# Columns, not WrittenRound objects: the dashboard asks of 20 items on every load.
_ROUNDS = (
    sa.select(
        RoundItem.item_id,
        RoundItem.revision_number,
        WrittenRound.state,
        WrittenRound.deadline,
        WrittenRound.closed_at,
    )
    .join(WrittenRound, WrittenRound.id == RoundItem.round_id)
    .where(RoundItem.item_id.in_(sa.bindparam("ids", expanding=True)))
)


@dataclasses.dataclass(frozen=True)
class Discussion:
    """`discussed`: on a held meeting's agenda or in a closed round; `deadline_passed`: a round
    on the item's current revision reached its deadline (みなし同意 may apply), not one that was
    closed early, cancelled or superseded before it."""

    discussed: bool = False
    deadline_passed: bool = False


def discussion_facts(
    items: Sequence[AgendaItem], now: dt.datetime | None = None
) -> dict[int, Discussion]:
    """item id -> Discussion, for any number of items."""
    ids = [i.id for i in items]
    if not ids:
        return {}
    now = now or utcnow()
    held = set(db.session.scalars(_ON_HELD_AGENDA, {"ids": ids}))
    rounds = db.session.execute(_ROUNDS, {"ids": ids}).all()
    closed: set[int] = set()
    passed: set[int] = set()
    current = {i.id: i.current_revision for i in items}
    for item_id, revision, state, deadline, closed_at in rounds:
        reached, deems = _round_outcome(state, deadline, closed_at, now)
        if reached:
            closed.add(item_id)
        # Deemed consent only counts for the wording the round asked about.
        if deems and revision == current[item_id]:
            passed.add(item_id)
    return {i: Discussion(i in held or i in closed, i in passed) for i in ids}


def _round_outcome(
    state: str, deadline: dt.datetime, closed_at: dt.datetime | None, now: dt.datetime
) -> tuple[bool, bool]:
    """(discussed, deemed consent) of one round: discussed once it reached its deadline, closed
    or about to be (cancelled or superseded rounds do not count)."""
    closed_at = as_utc(closed_at) if closed_at else None
    deems = deems_consent(RoundState(state), as_utc(deadline), closed_at, now)
    return deems or state == RoundState.CLOSED.value, deems


@dataclasses.dataclass(frozen=True)
class Record:
    """One meeting or written round that took up an item, for the item's 協議の記録."""

    kind: str  # "meeting" or "round"
    id: int
    number: int  # 第N回 (meeting), 第N号 (round)
    title: str
    when: dt.datetime
    status: str  # the meeting's status, or the round's state
    decided: bool = False  # a state change of the item was decided at this meeting

    @property
    def status_label(self) -> str:
        """The status's message id (Japanese; the page translates it)."""
        from negotiator.meetings.forms import STATUS_LABELS
        from negotiator.meetings.round_states import STATE_LABELS

        if self.kind == "meeting":
            return STATUS_LABELS[self.status]
        return {s.value: t for s, t in STATE_LABELS.items()}[self.status]


# The item page's 協議の記録: columns, not objects (a meeting row carries its minutes). A named
# column, not label("…"): the catalogue extracts label() calls as UI messages.
DECIDED = "decided"
_MEETINGS_OF_ITEM = (
    sa.select(
        Meeting.id,
        Meeting.number,
        Meeting.title,
        Meeting.starts_at,
        Meeting.status,
        sa.exists()
        .where(StateChange.item_id == MeetingItem.item_id, StateChange.meeting_id == Meeting.id)
        .label(DECIDED),
    )
    .join(MeetingItem, MeetingItem.meeting_id == Meeting.id)
    .where(MeetingItem.item_id == sa.bindparam("item"), Meeting.status != Status.CANCELLED.value)
)
_ROUNDS_OF_ITEM = (
    sa.select(
        WrittenRound.id,
        WrittenRound.number,
        WrittenRound.title,
        WrittenRound.deadline,
        WrittenRound.state,
        WrittenRound.closed_at,
        RoundItem.revision_number,
    )
    .join(RoundItem, RoundItem.round_id == WrittenRound.id)
    .where(RoundItem.item_id == sa.bindparam("item"))
)


def discussion_record(item_id: int) -> list[Record]:
    """Every meeting (not called off) and written round that took up the item, by date."""
    return _records(*_record_rows(item_id))


@dataclasses.dataclass(frozen=True)
class ItemDiscussion:
    record: list[Record]  # the 協議の記録
    facts: Discussion  # what the workflow knows of it (as discussion_facts says)


def item_discussion(item: AgendaItem, now: dt.datetime | None = None) -> ItemDiscussion:
    """The item page's 協議の記録 and the workflow's facts, from the record's two statements
    (discussion_facts would read the same rows again)."""
    now = now or utcnow()
    meetings, rounds = _record_rows(item.id)
    outcomes = [(r, *_round_outcome(r.state, r.deadline, r.closed_at, now)) for r in rounds]
    held = any(m.status in HELD for m in meetings)
    reached = any(done for _, done, _ in outcomes)
    passed = any(deems and r.revision_number == item.current_revision for r, _, deems in outcomes)
    return ItemDiscussion(_records(meetings, rounds), Discussion(held or reached, passed))


def _record_rows(item_id: int) -> tuple[list[sa.Row], list[sa.Row]]:
    params = {"item": item_id}
    meetings = db.session.execute(_MEETINGS_OF_ITEM, params).all()
    return meetings, db.session.execute(_ROUNDS_OF_ITEM, params).all()


def _records(meetings: list[sa.Row], rounds: list[sa.Row]) -> list[Record]:
    records = [
        Record("meeting", m.id, m.number, m.title, as_utc(m.starts_at), m.status, bool(m.decided))
        for m in meetings
    ] + [Record("round", r.id, r.number, r.title, as_utc(r.deadline), r.state) for r in rounds]
    return sorted(records, key=lambda r: (r.when, r.kind, r.id))
