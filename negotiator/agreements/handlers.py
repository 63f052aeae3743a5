"""What agreements tell the workflow, and how they follow items' changes (negotiator.events)."""

from __future__ import annotations

from negotiator import events
from negotiator.agreements import holds, services
from negotiator.negotiation import queries
from negotiator.negotiation import services as negotiation


def register() -> None:
    events.provide(queries.AGREEMENT_HOLDS, holds.holds)
    # A reopened item is no longer what its agreements say was agreed.
    events.on(negotiation.ITEM_REOPENED, services.supersede_for_item)
