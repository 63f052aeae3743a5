"""The board's cells, built once per page in plain Python (issue 18): a board page holds up to
1,000 cells, and per cell Jinja calls, translations and escaping were most of the page's time.
Each distinct badge is made once (negotiator/negotiation/badges.py)."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from negotiator.i18n import ja
from negotiator.negotiation.badges import badge
from negotiator.negotiation.queries import Board

# The link's name is what the cell shows, with the town it stands for: 「須崎市 賛成 要再確認(…)」.
TOWN = Markup('<span class="visually-hidden">{0} </span>')
CELL = Markup('<td class="cell"><a href="{0}#member-{1}">{2}{3}</a></td>\n')


def cells(board: Board) -> list[tuple[str, Markup]]:
    """Per row: the item's URL, and its member columns' cells as one piece of markup (one
    escape per row instead of several per cell)."""
    labels = [(m.id, TOWN.format(ja(m.name))) for m in board.members]
    rows = []
    for row in board.rows:
        url = url_for("negotiation.item", item_id=row.item.id)
        badges = (
            badge("none")
            if (p := row.positions.get(mid)) is None
            else badge(p.stance, p.revision_number if mid in row.stale else 0)
            for mid, _label in labels
        )
        markup = "".join(
            CELL.format(url, mid, label, made)
            for (mid, label), made in zip(labels, badges, strict=True)
        )
        rows.append((url, Markup(markup)))
    return rows
