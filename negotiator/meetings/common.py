"""The meetings blueprint and what its view modules share: loading with 404/403, form errors."""

from __future__ import annotations

from flask import Blueprint, abort

from negotiator.auth.permissions import can_view_consortium, require
from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.meetings.models import Meeting, WrittenRound
from negotiator.negotiation.models import AgendaItem, Negotiation

bp = Blueprint("meetings", __name__)


def readable_negotiation(negotiation_id: int) -> Negotiation:
    negotiation = db.get_or_404(Negotiation, negotiation_id)
    require(can_view_consortium(negotiation.consortium_id))
    return negotiation


def readable_meeting(meeting_id: int) -> Meeting:
    meeting = db.get_or_404(Meeting, meeting_id)
    require(can_view_consortium(meeting.consortium_id))
    return meeting


def readable_consortium(consortium_id: int) -> Consortium:
    consortium = db.get_or_404(Consortium, consortium_id)
    require(can_view_consortium(consortium.id))
    return consortium


def readable_round(round_id: int) -> WrittenRound:
    written = db.get_or_404(WrittenRound, round_id)
    require(can_view_consortium(written.negotiation.consortium_id))
    return written


def item_of(negotiation_id: int, item_id: int) -> AgendaItem:
    """An item of this negotiation, or 404 (never one of another negotiation)."""
    item = db.get_or_404(AgendaItem, item_id)
    if item.negotiation_id != negotiation_id:
        abort(404)
    return item


def council_item(meeting: Meeting, item_id: int) -> AgendaItem:
    """An item of any negotiation of the meeting's council, or 404 (never another council's)."""
    item = db.get_or_404(AgendaItem, item_id)
    if item.negotiation.consortium_id != meeting.consortium_id:
        abort(404)
    return item


@bp.context_processor
def template_labels() -> dict:
    """The labels and helpers the meetings' templates use (also passed to the minutes PDF when
    it is rendered from another page, e.g. the negotiation's dossier)."""
    from negotiator.meetings.forms import (
        ANSWER_LABELS,
        MODE_LABELS,
        PRESENCE_LABELS,
        RSVP_LABELS,
        STATUS_LABELS,
    )
    from negotiator.meetings.numbering import agenda_heading
    from negotiator.negotiation.markdown import render_markdown

    # Japanese message ids; templates translate them with _().
    return {
        "mode_labels": MODE_LABELS,
        "presence_labels": PRESENCE_LABELS,
        "meeting_status_labels": STATUS_LABELS,
        "answer_labels": ANSWER_LABELS,
        "rsvp_labels": RSVP_LABELS,
        "markdown": render_markdown,
        "agenda_heading": agenda_heading,
    }
