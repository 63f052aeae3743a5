"""出欠回答 page: a member's liaison (or a facilitator on its behalf) answers before the meeting."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_speak_for, require, roles_in
from negotiator.consortia.models import Member
from negotiator.db import db, utcnow
from negotiator.forms import show_error
from negotiator.meetings import rsvp
from negotiator.meetings.common import bp, readable_meeting
from negotiator.meetings.forms import RsvpForm
from negotiator.meetings.models import AttendanceAnswer, Meeting
from negotiator.negotiation.services import NegotiationError


def _defaults(record: AttendanceAnswer | None) -> dict:
    if record is None:
        return {"version": 0}
    return {
        "answer": record.answer,
        "attendees": record.attendees,
        "note": record.note,
        "version": record.version,
    }


def _member_of(meeting: Meeting, member_id: int) -> Member:
    member = db.get_or_404(Member, member_id)
    if member.consortium_id != meeting.consortium_id or member.left_on is not None:
        abort(404)
    return member


@bp.route("/meetings/<int:meeting_id>/members/<int:member_id>/rsvp", methods=["GET", "POST"])
@access(LOGIN)
def rsvp_answer(meeting_id: int, member_id: int) -> str | Response:
    meeting = readable_meeting(meeting_id)
    member = _member_of(meeting, member_id)
    consortium_id = member.consortium_id
    require(can_speak_for(consortium_id, member.id))
    roles = roles_in(consortium_id)
    record = rsvp.answers(meeting).get(member.id)
    form = RsvpForm(data=_defaults(record))
    if form.validate_on_submit():
        try:
            rsvp.record_answer(meeting, member, form.data, form.version.data, current_user, roles)
        except NegotiationError as exc:
            show_error(form, exc)
            record = rsvp.answers(meeting).get(member.id)
        else:
            db.session.commit()
            flash(_("%(member)sの出欠を回答しました。", member=member.name), "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id) + "#rsvp")
    return render_template(
        "meetings/rsvp.html",
        form=form,
        meeting=meeting,
        member=member,
        record=record,
        closed=rsvp.refusal(meeting, utcnow()),
        on_behalf=member.id not in roles.liaison_of,
    )
