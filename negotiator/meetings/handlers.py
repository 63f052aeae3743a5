"""What meetings tell the workflow, and how they follow items' changes (negotiator.events)."""

from __future__ import annotations

from negotiator import events
from negotiator.meetings import facts, round_controls
from negotiator.negotiation import queries, services
from negotiator.negotiation.models import AgendaItem, StateChange
from negotiator.negotiation.workflow import State

SETTLED = (State.AGREED.value, State.WITHDRAWN.value)


def register() -> None:
    events.provide(queries.DISCUSSION_FACTS, facts.discussion_facts)
    events.provide(queries.DISCUSSION_RECORD, facts.discussion_record)
    events.provide(queries.ITEM_DISCUSSION, facts.item_discussion)
    events.on(services.ITEM_REVISED, _rounds_stop_asking)
    events.on(services.ITEM_MOVED, _rounds_stop_asking_once_settled)


def _rounds_stop_asking(item: AgendaItem, **_: object) -> None:
    """A new wording: written rounds still asking about the old one stop asking."""
    round_controls.supersede_for_item(item)


def _rounds_stop_asking_once_settled(item: AgendaItem, change: StateChange, **_: object) -> None:
    if change.to_state in SETTLED:
        round_controls.supersede_for_item(item)
