"""What a meeting decided and heard: the positions stated at it and the moves made in it, in
the order they happened; the meeting page lists the first few (negotiator.bounds), the minutes
take them all."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa

from negotiator import paging
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.meetings.models import Meeting
from negotiator.negotiation.models import Position, PositionCondition, StateChange


class Heard(NamedTuple):
    """A position stated at the meeting, as the page and the minutes show it."""

    id: int
    item_id: int
    member: str  # the member's name
    stance: str
    revision_number: int
    reason: str
    conditions: list[str]


def decisions(
    meeting: Meeting, heard: int | None = None
) -> tuple[paging.Shown[Heard], list[StateChange]]:
    """Positions stated (the first `heard` of them, all when None, and their count) and moves
    made in this meeting, in the order they happened. Positions as columns, their conditions'
    texts in a second statement: loading them as objects was a tenth of the page (issue 18)."""
    params = {"meeting": meeting.id}
    rows = paging.first(_stated(), heard, scalars=False, params=params)
    texts: dict[int, list[str]] = {}
    if rows:
        for position_id, text in db.session.execute(_CONDITIONS, {"ids": [r[0] for r in rows]}):
            texts.setdefault(position_id, []).append(text)
    positions = [Heard(*row, conditions=texts.get(row[0], [])) for row in rows]
    moves = db.session.scalars(_MOVES, params).all()
    return paging.Shown(positions, rows.total), list(moves)


@paging.prepared
def _stated() -> sa.Select:
    return (
        sa.select(
            Position.id,
            Position.item_id,
            Member.name,
            Position.stance,
            Position.revision_number,
            Position.reason,
        )
        .join(Member, Member.id == Position.member_id)
        .where(Position.meeting_id == sa.bindparam("meeting"))
        .order_by(Position.id)
    )


_CONDITIONS = (
    sa.select(PositionCondition.position_id, PositionCondition.text)
    .where(PositionCondition.position_id.in_(sa.bindparam("ids", expanding=True)))
    .order_by(PositionCondition.id)
)
_MOVES = (
    sa.select(StateChange)
    .where(StateChange.meeting_id == sa.bindparam("meeting"))
    .order_by(StateChange.id)
)
