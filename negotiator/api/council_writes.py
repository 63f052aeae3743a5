"""Write endpoints for a member's own word: a written round's answer, the minutes' confirmation."""

from __future__ import annotations

from flask import Response
from flask_login import current_user

from negotiator.api import schemas
from negotiator.api.core import answer, bp, endpoint, permitted
from negotiator.api.council_reads import meeting_document, meeting_of, round_of
from negotiator.api.problems import Problem
from negotiator.api.spec import documented
from negotiator.api.writes import acting, form_data, json_body, refused, validated
from negotiator.auth.permissions import can_answer_for, roles_in
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.meetings import minutes
from negotiator.meetings import rounds as round_services
from negotiator.meetings.forms import ConfirmForm, RoundAnswerForm
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.queries import members_of
from negotiator.negotiation.services import NegotiationError


class RoundAnswerIn(RoundAnswerForm):
    """The round's answer form; the source is the round itself (as on the page)."""

    source = None


def _member_of(member_id: int, consortium_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None or member.consortium_id != consortium_id:
        raise Problem(404, "")
    return member


@bp.post("/rounds/<int:round_id>/items/<int:item_id>/members/<int:member_id>/answers")
@endpoint
@documented(
    "書面協議に団体として回答", schemas.Position, body=RoundAnswerIn, status=201, writes=True
)
def round_answer(round_id: int, item_id: int, member_id: int) -> Response:
    written = round_of(round_id)
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.negotiation_id != written.negotiation_id:
        raise Problem(404, "")
    consortium_id = written.negotiation.consortium_id
    member = _member_of(member_id, consortium_id)
    permitted(can_answer_for(consortium_id, member.id))
    body = form_data(json_body(), RoundAnswerIn)
    form = validated(RoundAnswerIn(formdata=body, meta={"csrf": False}))
    roles, members = roles_in(consortium_id), members_of(consortium_id)
    try:
        with acting():
            position = round_services.answer(
                written, item, member, form.data, current_user, roles, members
            )
    except NegotiationError as exc:
        raise refused(exc, current_revision=item.current_revision, version=item.version) from exc
    db.session.commit()
    return answer(schemas.Position().dump(position), 201)


@bp.post("/meetings/<int:meeting_id>/members/<int:member_id>/confirmations")
@endpoint
@documented(
    "議事録を団体として確認(または修正を依頼)",
    schemas.MeetingDetail,
    body=ConfirmForm,
    status=201,
    writes=True,
)
def minutes_confirm(meeting_id: int, member_id: int) -> Response:
    meeting = meeting_of(meeting_id)
    member = _member_of(member_id, meeting.consortium_id)
    permitted(can_answer_for(meeting.consortium_id, member.id))
    form = validated(
        ConfirmForm(formdata=form_data(json_body(), ConfirmForm), meta={"csrf": False})
    )
    try:
        with acting():
            minutes.confirm(
                meeting, member, form.data, current_user, members_of(member.consortium_id)
            )
    except NegotiationError as exc:
        raise refused(exc, current_revision=meeting.minutes_revision) from exc
    db.session.commit()
    return answer(meeting_document(meeting), 201)
