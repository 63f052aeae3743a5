"""Meeting pages: list, schedule, agenda, attendance, holding, action items, floor records."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator import bounds
from negotiator.auth.permissions import LOGIN, access, can_facilitate, require, roles_in
from negotiator.auth.views import local_path
from negotiator.db import MAX_ID, db, utcnow
from negotiator.forms import choices, form_message, show_error
from negotiator.meetings import announce, queries, rsvp, services
from negotiator.meetings.common import (
    bp,
    council_item,
    readable_consortium,
    readable_meeting,
)
from negotiator.meetings.forms import (
    ActionItemForm,
    AgendaAddForm,
    AttendanceForm,
    FloorPositionForm,
    FreeEntryForm,
    MeetingEditForm,
    MeetingForm,
    from_japan,
    to_japan,
)
from negotiator.meetings.models import ActionItem, Meeting, MeetingItem
from negotiator.meetings.stance_lists import stance_lists
from negotiator.negotiation import queries as negotiation_queries
from negotiator.negotiation.forms import MoveForm
from negotiator.negotiation.services import NegotiationError


def _back(meeting: Meeting, anchor: str = "") -> Response:
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id) + anchor)


def _facilitated(meeting_id: int) -> Meeting:
    meeting = readable_meeting(meeting_id)
    require(can_facilitate(meeting.consortium_id))
    return meeting


def _meeting_data(form: MeetingForm) -> dict:
    return {
        "title": (form.title.data or "").strip(),
        "starts_at": from_japan(form.starts_at.data),
        "ends_at": from_japan(form.ends_at.data),
        "place": (form.place.data or "").strip(),
        "mode": form.mode.data,
    }


@bp.route("/consortia/<int:consortium_id>/meetings/new", methods=["GET", "POST"])
@access(LOGIN)
def meeting_new(consortium_id: int) -> str | Response:
    consortium = readable_consortium(consortium_id)
    require(can_facilitate(consortium.id))
    form = MeetingForm()
    if form.validate_on_submit():
        meeting = services.create_meeting(consortium, _meeting_data(form), current_user.id)
        db.session.commit()
        flash(_("会議を登録しました。"), "success")
        return _back(meeting)
    return render_template("meetings/meeting_form.html", form=form, consortium=consortium)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@access(LOGIN)
def meeting_edit(meeting_id: int) -> str | Response:
    meeting = _facilitated(meeting_id)
    form = MeetingEditForm(obj=meeting)
    if request.method == "GET":
        form.starts_at.data, form.ends_at.data = (
            to_japan(meeting.starts_at),
            to_japan(meeting.ends_at),
        )
    if form.validate_on_submit():
        try:
            services.edit_meeting(meeting, _meeting_data(form), form.version.data, current_user.id)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("保存しました。"), "success")
            return _back(meeting)
    return render_template(
        "meetings/meeting_form.html", form=form, consortium=meeting.consortium, meeting=meeting
    )


@bp.route("/meetings/<int:meeting_id>")
@access(LOGIN)
def meeting(meeting_id: int) -> str:
    meeting = readable_meeting(meeting_id)
    roles = roles_in(meeting.consortium_id)
    now = utcnow()
    actor = negotiation_queries.actor_for(roles)
    view = queries.meeting_view(meeting, actor, heard=bounds.MEETING_HEARD)
    add_form = AgendaAddForm()
    page = min(max(request.args.get("candidates", 1, type=int) or 1, 1), 10_000)
    candidates = queries.open_items(meeting.consortium_id, meeting.id, page)
    add_form.item_id.choices = _item_choices(candidates)
    action_form = ActionItemForm()
    action_form.owner_member_id.choices = choices({m.id: m.name for m in view["members"]})
    return render_template(
        "meetings/meeting.html",
        roles=roles,
        add_form=add_form,
        free_form=FreeEntryForm(),
        action_form=action_form,
        agenda_refusal=announce.agenda_refusal(meeting),
        held_refusal=services.held_refusal(meeting, now),
        floor_refusal=services.floor_refusal(meeting, now),
        rsvp=rsvp.overview(view["members"], rsvp.answers(meeting)),
        rsvp_refusal=rsvp.refusal(meeting, now),
        stance_lists=stance_lists(view["entries"], view["members"]),
        candidates=candidates,
        candidate_page=page,
        candidates_per_page=bounds.MEETING_CANDIDATES,
        candidate_pages=max(1, -(-candidates.total // bounds.MEETING_CANDIDATES)),
        **view,
    )


def _item_choices(items: list[queries.Candidate]) -> dict[str, list]:
    """Items grouped by negotiation (optgroups)."""
    groups: dict[str, dict[int, str]] = {}
    for item in items:
        groups.setdefault(item.negotiation, {})[item.id] = f"{item.number}. {item.title}"
    # Each option marked lang="ja" on an English page, as every other name (forms.choices).
    return {title: choices(labels) for title, labels in groups.items()}


def _add_entry(meeting: Meeting, action: str) -> None:
    if action == "add":
        form = AgendaAddForm()
        chosen = request.form.get("item_id", type=int) or 0
        # The chosen item alone, if it is one the page could offer (open, of the council).
        only = queries.open_items(meeting.consortium_id, only=chosen if chosen <= MAX_ID else 0)
        form.item_id.choices = _item_choices(only)
        if not form.validate_on_submit():
            raise NegotiationError(_("議題に追加する協議事項を選んでください。"))
        services.add_to_agenda(meeting, council_item(meeting, form.item_id.data))
    else:
        free = FreeEntryForm()
        if not free.validate_on_submit():
            raise NegotiationError(form_message(free, _("議題の件名を入力してください。")))
        services.add_free_entry(meeting, free.title.data or "", free.note.data or "")


@bp.route("/meetings/<int:meeting_id>/agenda", methods=["POST"])
@access(LOGIN)
def agenda(meeting_id: int) -> Response:
    meeting = _facilitated(meeting_id)
    action = request.form.get("action", "add")
    try:
        if action in ("add", "add_free"):
            _add_entry(meeting, action)
        elif action in ("up", "down", "remove"):
            entry_id = request.form.get("entry_id", type=int) or 0
            entry = db.get_or_404(MeetingItem, entry_id if 0 < entry_id <= MAX_ID else 0)
            if entry.meeting_id != meeting.id:
                abort(404)
            services.change_agenda(meeting, entry, action)
        else:
            abort(400)
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
    return _back(meeting, "#agenda")


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@access(LOGIN)
def attendance(meeting_id: int) -> str | Response:
    meeting = _facilitated(meeting_id)
    members = negotiation_queries.members_of(meeting.consortium_id)
    answers = rsvp.answers(meeting)
    # Nothing recorded yet for a member: the form starts from what it answered beforehand.
    rows = rsvp.attendance_rows(meeting, members, queries.attendance(meeting), answers)
    form = AttendanceForm(data={"rows": rows}) if request.method == "GET" else AttendanceForm()
    if form.validate_on_submit():
        try:
            services.record_attendance(meeting, [r.data for r in form.rows], members)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("出欠を記録しました。"), "success")
            return _back(meeting, "#attendance")
    names = {m.id: m.name for m in members}
    return render_template(
        "meetings/attendance.html", form=form, meeting=meeting, names=names, answers=answers
    )


@bp.route("/meetings/<int:meeting_id>/held", methods=["POST"])
@access(LOGIN)
def held(meeting_id: int) -> Response:
    meeting = _facilitated(meeting_id)
    try:
        services.mark_held(meeting)
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(
            _("会議を開催済みにしました。議題の協議事項は「協議した」扱いになります。"), "success"
        )
    return _back(meeting)


@bp.route("/meetings/<int:meeting_id>/actions", methods=["POST"])
@access(LOGIN)
def action_new(meeting_id: int) -> Response:
    meeting = _facilitated(meeting_id)
    members = negotiation_queries.members_of(meeting.consortium_id)
    form = ActionItemForm()
    form.owner_member_id.choices = choices({m.id: m.name for m in members})
    try:
        if not form.validate_on_submit():
            raise NegotiationError(form_message(form, _("入力内容を確認してください。")))
        services.add_action(meeting, form.data, members)
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("宿題を登録しました。"), "success")
    return _back(meeting, "#actions")


@bp.route("/actions/<int:action_id>/done", methods=["POST"])
@access(LOGIN)
def action_done(action_id: int) -> Response:
    action = db.get_or_404(ActionItem, action_id)
    meeting = _facilitated(action.meeting_id)
    try:
        services.complete_action(action, meeting)
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("宿題を完了にしました。"), "success")
    back = url_for("meetings.meeting", meeting_id=meeting.id)
    return redirect(local_path(request.form.get("next"), back))


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/position", methods=["GET", "POST"])
@access(LOGIN)
def floor_position(meeting_id: int, item_id: int) -> str | Response:
    meeting = _facilitated(meeting_id)
    item = council_item(meeting, item_id)
    roles = roles_in(meeting.consortium_id)
    members = negotiation_queries.members_of(meeting.consortium_id)
    form = FloorPositionForm(data={"revision": item.current_revision})
    del form.source
    form.member_id.choices = choices({m.id: m.name for m in members})
    if form.validate_on_submit():
        member = next(m for m in members if m.id == form.member_id.data)
        try:
            services.floor_position(meeting, item, member, form.data, current_user, roles)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(member)sの発言を意見として記録しました。", member=member.name), "success")
            return _back(meeting, f"#entry-{item.id}")
    return render_template("meetings/floor_position.html", form=form, meeting=meeting, item=item)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/move/<name>", methods=["POST"])
@access(LOGIN)
def floor_move(meeting_id: int, item_id: int, name: str) -> Response:
    meeting = _facilitated(meeting_id)
    item = council_item(meeting, item_id)
    roles = roles_in(meeting.consortium_id)
    form = MoveForm()
    try:
        if not form.validate_on_submit():
            message = _("送信内容が正しくありません。ページを読み込み直してください。")
            raise NegotiationError(form_message(form, message))
        reason = form.reason.data or ""
        services.floor_move(meeting, item, name, reason, current_user, roles, form.version.data)
    except NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("状態を変更しました。"), "success")
    return _back(meeting, f"#entry-{item.id}")


from negotiator.meetings import (  # noqa: E402, F401  (register routes)
    announce_views,
    council_views,
    minutes_views,
    round_views,
    rsvp_views,
)
