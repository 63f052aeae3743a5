"""Negotiation pages: overview (consensus board), items, revisions, positions, moves."""

from __future__ import annotations

from flask import Blueprint, render_template

from negotiator.auth.permissions import LOGIN, access, can_view_consortium, require, roles_in
from negotiator.db import db
from negotiator.negotiation.models import Negotiation

bp = Blueprint("negotiation", __name__)


@bp.route("/negotiations/<int:negotiation_id>")
@access(LOGIN)
def overview(negotiation_id: int) -> str:
    negotiation = db.get_or_404(Negotiation, negotiation_id)
    require(can_view_consortium(negotiation.consortium_id))
    return render_template(
        "negotiation/overview.html",
        negotiation=negotiation,
        roles=roles_in(negotiation.consortium_id),
    )
