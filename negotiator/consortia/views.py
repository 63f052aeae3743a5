"""Dashboard and consortium pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from negotiator.auth.permissions import LOGIN, access, can_view_consortium, require, roles_in
from negotiator.consortia import lifecycle, services
from negotiator.consortia.models import Consortium, Member, Membership
from negotiator.db import db
from negotiator.negotiation.models import Negotiation

bp = Blueprint("consortia", __name__)


@bp.route("/")
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


@bp.route("/consortia/<int:consortium_id>")
@access(LOGIN)
def consortium(consortium_id: int) -> str:
    consortium = db.first_or_404(
        sa.select(Consortium)
        .where(Consortium.id == consortium_id)
        .options(selectinload(Consortium.members).selectinload(Member.indicators))
    )
    require(can_view_consortium(consortium.id))
    negotiations = db.session.scalars(
        sa.select(Negotiation)
        .where(Negotiation.consortium_id == consortium.id)
        .order_by(Negotiation.id)
    ).all()
    people = db.session.scalars(
        sa.select(Membership)
        .where(Membership.consortium_id == consortium.id)
        .options(joinedload(Membership.user), joinedload(Membership.member))
        .order_by(Membership.role, Membership.member_id)
    ).all()
    return render_template(
        "consortia/consortium.html",
        consortium=consortium,
        negotiations=negotiations,
        people=people,
        roles=roles_in(consortium.id),
        executed=lifecycle.executed_agreements(consortium.id),
    )
