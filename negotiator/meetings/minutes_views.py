"""Minutes pages: write, publish, confirm or ask for a correction, reopen; PDF and calendar."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import (
    LOGIN,
    access,
    can_answer_for,
    can_facilitate,
    can_view_consortium,
    require,
    roles_in,
)
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db
from negotiator.forms import choices, form_message, show_error
from negotiator.meetings import ical, lists, minutes, queries, signers
from negotiator.meetings.common import bp, readable_meeting
from negotiator.meetings.forms import (
    ConfirmForm,
    MinutesForm,
    PublishForm,
    ReasonForm,
    SignersForm,
)
from negotiator.negotiation import queries as negotiation_queries
from negotiator.negotiation.services import NegotiationError


def _back(meeting_id: int, anchor: str = "") -> Response:
    return redirect(url_for("meetings.meeting", meeting_id=meeting_id) + anchor)


@bp.route("/meetings/<int:meeting_id>/minutes", methods=["GET", "POST"])
@access(LOGIN)
def minutes_edit(meeting_id: int) -> str | Response:
    meeting = readable_meeting(meeting_id)
    require(can_facilitate(meeting.consortium_id))
    entries = list(meeting.agenda)
    if request.method == "GET":
        form = MinutesForm(
            data={
                "notes": meeting.notes,
                "version": meeting.version,
                "items": [{"entry_id": e.id, "notes": e.notes} for e in entries],
            }
        )
    else:
        form = MinutesForm()
    if form.validate_on_submit():
        item_notes = {int(row.entry_id.data or 0): row.notes.data or "" for row in form.items}
        try:
            minutes.save_minutes(meeting, form.notes.data or "", item_notes, form.version.data)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("議事録を保存しました。"), "success")
            return _back(meeting.id, "#minutes")
    titles = {e.id: e.heading for e in entries}
    return render_template("meetings/minutes_form.html", form=form, meeting=meeting, titles=titles)


@bp.route("/meetings/<int:meeting_id>/publish", methods=["POST"])
@access(LOGIN)
def publish(meeting_id: int) -> Response:
    meeting = readable_meeting(meeting_id)
    roles = roles_in(meeting.consortium_id)
    require(roles.facilitator)
    form = PublishForm()
    try:
        if not form.validate_on_submit():
            raise NegotiationError(form_message(form, _("変更の説明が長すぎます。")))
        view = queries.meeting_view(meeting, negotiation_queries.actor_for(roles))
        content = queries.minutes_content(view)
        revision = minutes.publish(meeting, content, form.change_note.data or "", current_user)
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(
            _("議事録 第%(n)d版を公開しました。各団体の確認を待ちます。", n=revision.number),
            "success",
        )
    return _back(meeting.id, "#confirmation")


@bp.route("/meetings/<int:meeting_id>/members/<int:member_id>/confirm", methods=["GET", "POST"])
@access(LOGIN)
def confirm(meeting_id: int, member_id: int) -> str | Response:
    meeting = readable_meeting(meeting_id)
    member = db.get_or_404(Member, member_id)
    if member.consortium_id != meeting.consortium_id:
        abort(404)
    # Only the member's own liaison speaks for it here: confirmation is the member's word.
    require(can_answer_for(member.consortium_id, member.id))
    form = ConfirmForm(data={"revision": meeting.minutes_revision})
    if form.validate_on_submit():
        members = negotiation_queries.members_of(member.consortium_id)
        try:
            minutes.confirm(meeting, member, form.data, current_user, members)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(member)sの回答を記録しました。", member=member.name), "success")
            return _back(meeting.id, "#confirmation")
    return render_template("meetings/confirm.html", form=form, meeting=meeting, member=member)


@bp.route("/meetings/<int:meeting_id>/reopen", methods=["POST"])
@access(LOGIN)
def reopen(meeting_id: int) -> Response:
    meeting = readable_meeting(meeting_id)
    require(can_facilitate(meeting.consortium_id))
    form = ReasonForm()
    try:
        if not form.validate_on_submit():
            message = _("議事録を再開する理由を入力してください。")
            raise NegotiationError(form_message(form, message))
        minutes.reopen(meeting, form.reason.data.strip())
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("議事録を修正のため再開しました。修正後に公開し直してください。"), "success")
    return _back(meeting.id, "#confirmation")


@bp.route("/meetings/<int:meeting_id>/signers", methods=["GET", "POST"])
@access(LOGIN)
def signers_edit(meeting_id: int) -> str | Response:
    meeting = readable_meeting(meeting_id)
    require(can_facilitate(meeting.consortium_id))
    members = negotiation_queries.members_of(meeting.consortium_id)
    current = [s.member_id for s in minutes.signers(meeting)]
    data = {"member_ids": current, "version": meeting.version}
    form = SignersForm(data=data) if request.method == "GET" else SignersForm()
    form.member_ids.choices = choices({m.id: m.name for m in members})
    if form.validate_on_submit():
        try:
            signers.designate(
                meeting, form.member_ids.data or [], members, form.version.data, current_user
            )
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("議事録署名人を記録しました。"), "success")
            return _back(meeting.id, "#confirmation")
    return render_template("meetings/signers.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/minutes.pdf")
@access(LOGIN)
def minutes_pdf(meeting_id: int) -> Response:
    meeting = readable_meeting(meeting_id)
    from negotiator.meetings.pdf import request_minutes_pdf
    from negotiator.renders.views import deliver

    roles = roles_in(meeting.consortium_id)
    view = queries.meeting_view(meeting, negotiation_queries.actor_for(roles))
    return deliver(
        request_minutes_pdf(meeting, view), url_for("meetings.meeting", meeting_id=meeting.id)
    )


@bp.route("/meetings/<int:meeting_id>/meeting.ics")
@access(LOGIN)
def meeting_ics(meeting_id: int) -> Response:
    meeting = readable_meeting(meeting_id)
    body = ical.calendar([meeting])
    return _download(body, ical.MIMETYPE, f"meeting-{meeting.id}.ics")


@bp.route("/consortia/<int:consortium_id>/meetings.ics")
@access(LOGIN)
def feed(consortium_id: int) -> Response:
    consortium = db.get_or_404(Consortium, consortium_id)
    require(can_view_consortium(consortium.id))
    body = ical.calendar(lists.upcoming(consortium.id), name=consortium.name)
    return _download(body, ical.MIMETYPE, f"meetings-{consortium.id}.ics")


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
