"""The board as Excel, beside the board page (registered on the negotiation blueprint).

The request gathers what the sheet shows (plain values, negotiation.excel.board_sheet) and asks
for a render of it; the job consumer makes the workbook, kept by the hash of what it shows
(negotiator.renders). Above the renders layer, unlike the rest of the package: negotiator.web
imports it so that its route is on the blueprint.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator import clock
from negotiator.auth.permissions import LOGIN, access
from negotiator.negotiation import excel, queries
from negotiator.negotiation.models import Negotiation
from negotiator.negotiation.views import board_filters, bp, readable_negotiation
from negotiator.renders import kinds, services
from negotiator.renders.models import RenderJob
from negotiator.renders.views import deliver

KIND = "board.xlsx"


@bp.route("/negotiations/<int:negotiation_id>/board.xlsx")
@access(LOGIN)
def board_xlsx(negotiation_id: int) -> Response:
    """Every item of the board, with the page's filters (state, category)."""
    negotiation = readable_negotiation(negotiation_id)
    return deliver(request_board(negotiation, *board_filters()), _board(negotiation.id))


def request_board(negotiation: Negotiation, state: str | None, category: str | None) -> RenderJob:
    first = queries.board(negotiation, state, category, 1)
    rest = (queries.board(negotiation, state, category, p) for p in range(2, first.pages + 1))
    today = clock.now().astimezone(ZoneInfo("Asia/Tokyo")).date()
    members = queries.members_of(negotiation.consortium_id)
    return services.request_values(
        KIND,
        negotiation.id,
        excel.board_sheet(negotiation, members, [first, *rest], today),
        user_id=current_user.id,
        filename=f"board-{negotiation.id}-{today.isoformat()}.xlsx",
    )


def _board(negotiation_id: int) -> str:
    return url_for("negotiation.overview", negotiation_id=negotiation_id)


kinds.workbook(KIND, readable_negotiation, _board, excel.board_book)
