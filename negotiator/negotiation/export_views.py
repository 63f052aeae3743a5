"""The board as Excel, beside the board page (registered on the negotiation blueprint)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import send_file
from werkzeug.wrappers import Response

from negotiator import clock
from negotiator.auth.permissions import LOGIN, access
from negotiator.negotiation import excel, queries
from negotiator.negotiation.views import board_filters, bp, readable_negotiation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/negotiations/<int:negotiation_id>/board.xlsx")
@access(LOGIN)
def board_xlsx(negotiation_id: int) -> Response:
    """Every item of the board, with the page's filters (state, category)."""
    negotiation = readable_negotiation(negotiation_id)
    state, category = board_filters()
    first = queries.board(negotiation, state, category, 1)
    rest = (queries.board(negotiation, state, category, p) for p in range(2, first.pages + 1))
    today = clock.now().astimezone(ZoneInfo("Asia/Tokyo")).date()
    members = queries.members_of(negotiation.consortium_id)
    book = excel.board_book(negotiation, members, [first, *rest], today)
    name = f"board-{negotiation.id}-{today.isoformat()}.xlsx"
    return send_file(book, mimetype=XLSX, as_attachment=True, download_name=name)
