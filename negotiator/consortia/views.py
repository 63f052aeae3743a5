"""Consortium pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from sqlalchemy.orm import joinedload, selectinload

from negotiator.auth.permissions import LOGIN, access, can_view_consortium, require, roles_in
from negotiator.consortia import lifecycle
from negotiator.consortia.models import Consortium, Member, Membership
from negotiator.db import db
from negotiator.negotiation.models import Negotiation

bp = Blueprint("consortia", __name__)


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
