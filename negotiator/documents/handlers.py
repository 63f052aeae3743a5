"""What documents tell the pages below them (negotiator.events): the item's and the meeting's
documents panel."""

from __future__ import annotations

from negotiator import events
from negotiator.documents import queries
from negotiator.meetings import queries as meeting_queries
from negotiator.negotiation import queries as negotiation_queries


def register() -> None:
    events.provide(negotiation_queries.ITEM_DOCUMENTS, queries.item_panel)
    events.provide(meeting_queries.MEETING_DOCUMENTS, queries.meeting_panel)
