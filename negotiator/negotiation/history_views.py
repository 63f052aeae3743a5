"""The rest of an item's histories, a page at a time (registered on the negotiation blueprint):
each member's positions, the proposal's revisions and the 経過. The item page shows the newest
few of each (negotiator.bounds); these pages show all of them, bounded per page."""

from __future__ import annotations

from flask import abort, render_template, request

from negotiator import bounds
from negotiator.auth.permissions import LOGIN, access, can_view_consortium, require
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import history
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.views import bp
from negotiator.paging import Shown


def _readable(item_id: int) -> AgendaItem:
    item = db.get_or_404(AgendaItem, item_id)
    require(can_view_consortium(item.negotiation.consortium_id))
    return item


def _page() -> tuple[int, int]:
    """(page number, offset) from ?page=, past-the-end pages shown empty."""
    # Bounded so the offset stays an integer the database accepts.
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)
    return page, (page - 1) * bounds.HISTORY_PAGE


def _render(item: AgendaItem, kind: str, rows: Shown, page: int, **context) -> str:  # noqa: ANN003
    pages = max(1, -(-rows.total // bounds.HISTORY_PAGE))
    return render_template(
        "negotiation/item_history.html",
        item=item,
        kind=kind,
        rows=rows,
        page=page,
        pages=pages,
        **context,
    )


@bp.route("/items/<int:item_id>/members/<int:member_id>/positions")
@access(LOGIN)
def member_positions(item_id: int, member_id: int) -> str:
    item = _readable(item_id)
    member = db.get_or_404(Member, member_id)
    if member.consortium_id != item.negotiation.consortium_id:
        abort(404)
    page, offset = _page()
    rows = history.member_positions(item, member.id, bounds.HISTORY_PAGE, offset)
    return _render(item, "positions", rows, page, member=member)


@bp.route("/items/<int:item_id>/revisions")
@access(LOGIN)
def revisions(item_id: int) -> str:
    item = _readable(item_id)
    page, offset = _page()
    rows = history.revisions(item, bounds.HISTORY_PAGE, offset)
    return _render(item, "revisions", rows, page)


@bp.route("/items/<int:item_id>/timeline")
@access(LOGIN)
def timeline(item_id: int) -> str:
    item = _readable(item_id)
    page, offset = _page()
    rows = history.timeline(item, bounds.HISTORY_PAGE, offset)
    return _render(item, "timeline", rows, page)
