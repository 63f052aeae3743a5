"""The board's cells, built once per page in plain Python (issue 18): a board page holds up to
1,000 cells, and per cell Jinja calls, translations and escaping were most of the page's time.
Each distinct badge is made once (negotiator/negotiation/badges.py)."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

from negotiator.i18n import ja
from negotiator.negotiation.badges import badge
from negotiator.negotiation.queries import Board, Row

# The link's name is what the cell shows, with the town it stands for: 「須崎市 賛成 要再確認(…)」.
TOWN = Markup('<span class="visually-hidden">{0} </span>')


def cells(board: Board) -> list[tuple[str, Markup]]:
    """Per row: the item's URL, and its member columns' cells as one piece of markup (one
    escape per row instead of several per cell)."""
    labels = [(m.id, TOWN.format(ja(m.name))) for m in board.members]
    rows = []
    for row in board.rows:
        url = url_for("negotiation.item", item_id=row.item.id)
        link = escape(url)  # once per row; a member id is an int, labels and badges Markup
        markup = "".join(
            f'<td class="cell"><a href="{link}#member-{int(mid)}">{label}{_badge(row, mid)}</a>'
            "</td>\n"
            for mid, label in labels
        )
        rows.append((url, Markup(markup)))
    return rows


def _badge(row: Row, member_id: int) -> Markup:
    position = row.positions.get(member_id)
    if position is None:
        return badge("none")
    return badge(position.stance, position.revision_number if member_id in row.stale else 0)
