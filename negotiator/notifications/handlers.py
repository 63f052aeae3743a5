"""Which happenings in the domains below notify whom: their events, to notifications.events."""

from __future__ import annotations

from negotiator import events as registry
from negotiator.agreements import approvals, renders, signing
from negotiator.meetings import announce, minutes, round_controls
from negotiator.meetings import services as meetings
from negotiator.negotiation import comments
from negotiator.negotiation import services as negotiation
from negotiator.notifications import events

# event name -> the function of notifications.events that takes the same payload
HANDLERS = {
    negotiation.ITEM_PROPOSED: events.item_proposed,
    negotiation.ITEM_REVISED: events.item_revised,
    negotiation.POSITION_RECORDED: events.position_recorded,
    negotiation.ITEM_MOVED: events.state_changed,
    comments.COMMENT_MENTIONED: events.comment_mentioned,
    round_controls.ROUND_EVENT: events.round_event,
    round_controls.ROUND_EXTENDED: events.round_extended,
    meetings.MEETING_CHANGED: events.meeting_changed,
    announce.AGENDA_PUBLISHED: events.agenda_published,
    minutes.MINUTES_PUBLISHED: events.minutes_published,
    renders.AGREEMENT_SENT: events.agreement_sent,
    signing.AGREEMENT_SIGNED: events.agreement_signed,
    signing.AGREEMENT_EXECUTED: events.agreement_executed,
    approvals.APPROVALS_REQUESTED: events.approvals_requested,
    approvals.APPROVAL_RECORDED: events.approval_recorded,
}


def register() -> None:
    for name, handler in HANDLERS.items():
        registry.on(name, handler)
