"""The dashboard: everything the person has to do, in every council and domain."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from negotiator.auth.permissions import LOGIN, access
from negotiator.consortia import services

bp = Blueprint("dashboard", __name__)


@bp.route("/", endpoint="index")
@access(LOGIN)
def dashboard() -> str:
    from negotiator.dashboard import lists, todos
    from negotiator.negotiation.queries import tasks_for

    consortia = services.consortia_of(current_user)
    return render_template(
        "dashboard/dashboard.html",
        consortia=consortia,
        negotiations=lists.negotiations_of([c.id for c in consortia]),
        tasks=tasks_for(current_user.id),
        to_sign=lists.agreements_to_sign(current_user.id),
        to_approve=lists.approvals_to_record(current_user.id),
        unexecuted=lists.execution_progress(current_user.id),
        to_confirm=lists.minutes_to_confirm(current_user.id),
        to_prepare=lists.agreements_to_prepare(current_user.id),
        dated=todos.dated(
            lists.actions_due(current_user.id),
            lists.open_rounds(current_user.id),
            todos.rounds_past_deadline(current_user.id),
        ),
        to_rsvp=lists.attendance_to_answer(current_user.id),
    )
