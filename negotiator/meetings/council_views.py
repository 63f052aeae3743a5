"""The council's meetings list, a negotiation's meetings and rounds, and the old address of
the schedule form (meetings belonged to one negotiation before they belonged to the council)."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_facilitate, require, roles_in
from negotiator.meetings import lists
from negotiator.meetings.common import bp, readable_consortium, readable_negotiation


@bp.route("/consortia/<int:consortium_id>/meetings")
@access(LOGIN)
def council(consortium_id: int) -> str:
    consortium = readable_consortium(consortium_id)
    return render_template(
        "meetings/council.html",
        consortium=consortium,
        roles=roles_in(consortium.id),
        **lists.council_meetings(consortium.id),
    )


@bp.route("/negotiations/<int:negotiation_id>/meetings")
@access(LOGIN)
def index(negotiation_id: int) -> str:
    """The negotiation's written rounds, and the council's meetings that took up its items."""
    negotiation = readable_negotiation(negotiation_id)
    return render_template(
        "meetings/index.html",
        negotiation=negotiation,
        roles=roles_in(negotiation.consortium_id),
        **lists.negotiation_meetings(negotiation),
    )


@bp.route("/negotiations/<int:negotiation_id>/meetings/new")
@access(LOGIN)
def meeting_new_old(negotiation_id: int) -> Response:
    """Where meetings were scheduled before they belonged to the council (old bookmarks)."""
    negotiation = readable_negotiation(negotiation_id)
    require(can_facilitate(negotiation.consortium_id))
    return redirect(url_for("meetings.meeting_new", consortium_id=negotiation.consortium_id))
