"""Dashboard and consortium pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from negotiator import bounds
from negotiator.auth.permissions import LOGIN, access, can_view_consortium, require, roles_in
from negotiator.consortia import lifecycle, services
from negotiator.consortia.models import Consortium, Member, Membership
from negotiator.db import db
from negotiator.negotiation.models import Negotiation

bp = Blueprint("consortia", __name__)


@bp.route("/")
@access(LOGIN)
def dashboard() -> str:
    """Home: the first few to-dos of each kind with their counts; `?kind=` lists one kind in
    full, a page at a time (negotiator.bounds)."""
    from negotiator.consortia import dashboard as lists
    from negotiator.consortia import todos

    kind = request.args.get("kind")
    kind = kind if kind in todos.KINDS else None
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    if kind:
        limit, offset = bounds.TODOS_PAGE, (page - 1) * bounds.TODOS_PAGE
    else:
        limit, offset = bounds.DASHBOARD_PER_KIND, 0
    examined = 0 if kind else bounds.DASHBOARD_ITEMS_EXAMINED
    shown = todos.todo_lists(current_user.id, limit, offset, only=kind, examined=examined)
    consortia = services.consortia_of(current_user)
    return render_template(
        "consortia/dashboard.html",
        consortia=consortia,
        negotiations=lists.negotiations_of([c.id for c in consortia]),
        todos=shown,
        kind=kind,
        page=page,
        pages=max(1, -(-shown[kind].total // limit)) if kind else 1,
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
