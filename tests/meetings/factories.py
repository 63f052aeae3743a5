"""Builders for meetings and written rounds in tests (inside an app context; callers commit)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.meetings import rounds, services
from negotiator.meetings.models import Meeting, WrittenRound
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.dates import ahead

# A meeting is held only once it has begun: held meetings are set in the past.
FUTURE = dt.datetime.combine(ahead(12, 10), dt.time(1, 0), tzinfo=dt.UTC)  # 10:00 in Japan
PAST = dt.datetime(2026, 11, 10, 1, 0, tzinfo=dt.UTC)


def make_meeting(
    negotiation_id: int,
    item_ids: list[int] = (),
    held: bool = False,
    start: dt.datetime | None = None,
) -> Meeting:
    """A meeting of the negotiation's council, with these items on its agenda."""
    negotiation = db.session.get(Negotiation, negotiation_id)
    start = start or (PAST if held else FUTURE)
    meeting = services.create_meeting(
        negotiation.consortium,
        {
            "title": "",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "place": "須崎市役所 3階会議室",
            "mode": "hybrid",
        },
    )
    for item_id in item_ids:
        services.add_to_agenda(meeting, db.session.get(AgendaItem, item_id))
    if held:
        services.mark_held(meeting)
    return meeting


def make_round(
    negotiation_id: int, item_ids: list[int], deadline: dt.datetime, now: dt.datetime
) -> WrittenRound:
    negotiation = db.session.get(Negotiation, negotiation_id)
    items = [db.session.get(AgendaItem, i) for i in item_ids]
    user = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
    return rounds.open_round(
        negotiation, {"title": "書面協議", "deadline": deadline}, items, user, now=now
    )
