"""The council's and a negotiation's lists of meetings, and the calendar feed's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from negotiator.db import db, utcnow
from negotiator.meetings.models import ActionItem, Meeting, MeetingItem, Status, WrittenRound
from negotiator.negotiation.models import AgendaItem, Negotiation


def negotiation_meetings(negotiation: Negotiation) -> dict[str, Any]:
    """The council's meetings that took up an item of this negotiation, and its written rounds."""
    took_up = (
        sa.select(MeetingItem.meeting_id)
        .join(AgendaItem, AgendaItem.id == MeetingItem.item_id)
        .where(AgendaItem.negotiation_id == negotiation.id)
    )
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.id.in_(took_up)).order_by(Meeting.number)
    ).all()
    written = db.session.scalars(
        sa.select(WrittenRound)
        .where(WrittenRound.negotiation_id == negotiation.id)
        .options(selectinload(WrittenRound.items))
        .order_by(WrittenRound.number.desc())
    ).all()
    return {"meetings": meetings, "rounds": written, "now": utcnow()}


def council_meetings(consortium_id: int) -> dict[str, Any]:
    """Every meeting of the council, and its action items (open ones first)."""
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.consortium_id == consortium_id).order_by(Meeting.number)
    ).all()
    actions = db.session.scalars(
        sa.select(ActionItem)
        .where(ActionItem.consortium_id == consortium_id)
        .options(joinedload(ActionItem.owner), joinedload(ActionItem.meeting))
        .order_by(ActionItem.status.desc(), ActionItem.due_date, ActionItem.id)
    ).all()
    return {"meetings": meetings, "actions": actions, "now": utcnow()}


def upcoming(consortium_id: int, now: dt.datetime | None = None) -> list[Meeting]:
    """Meetings of a consortium that have not ended yet, for the calendar feed; a cancelled
    one is not upcoming (its METHOD:CANCEL mail took it out of the members' calendars)."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.consortium_id == consortium_id, Meeting.ends_at >= now)
            .where(Meeting.status != Status.CANCELLED.value)
            .options(joinedload(Meeting.consortium))
            .order_by(Meeting.starts_at)
        )
    )
