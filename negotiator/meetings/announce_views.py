"""Publishing a meeting's agenda and calling a meeting off (facilitators)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_facilitate, require
from negotiator.db import db
from negotiator.forms import form_message, show_error
from negotiator.meetings import announce
from negotiator.meetings.common import bp, readable_meeting
from negotiator.meetings.forms import AgendaPublishForm, MeetingCancelForm
from negotiator.meetings.models import Meeting
from negotiator.negotiation.services import NegotiationError


def _facilitated(meeting_id: int) -> Meeting:
    meeting = readable_meeting(meeting_id)
    require(can_facilitate(meeting.consortium_id))
    return meeting


@bp.route("/meetings/<int:meeting_id>/agenda/publish", methods=["POST"])
@access(LOGIN)
def agenda_publish(meeting_id: int) -> Response:
    meeting = _facilitated(meeting_id)
    form = AgendaPublishForm()
    try:
        if not form.validate_on_submit():
            message = _("送信内容が正しくありません。ページを読み込み直してください。")
            raise NegotiationError(form_message(form, message))
        announce.publish_agenda(meeting, current_user.id)
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("議題を公開し、各団体に知らせました。"), "success")
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id) + "#agenda")


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@access(LOGIN)
def meeting_cancel(meeting_id: int) -> str | Response:
    """A facilitator calls off a scheduled meeting; the reason is required and shown to all."""
    meeting = _facilitated(meeting_id)
    form = MeetingCancelForm()
    if not form.is_submitted():
        form.version.data = str(meeting.version)
    if form.validate_on_submit():
        try:
            announce.cancel_meeting(
                meeting, form.reason.data or "", form.version.data, current_user.id
            )
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("会議を中止し、各団体に知らせました。"), "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/meeting_cancel.html", form=form, meeting=meeting)
