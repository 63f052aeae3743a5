"""The board's cells, built once per page in plain Python (issue 18): a board page holds up to
1,000 cells, and per cell Jinja calls, translations and escaping were most of the page's time.
Each distinct badge (stance, stale, revision) is made and translated once per request."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from negotiator.i18n import ja
from negotiator.negotiation.queries import Board
from negotiator.negotiation.rules import STANCE_LABELS

# The same markup as the `stance` macro (templates/negotiation/_macros.html).
BADGE = Markup('<span class="stance stance-{0}{1}">{2}</span>')
STALE_NOTE = Markup(' <span class="stale-note">{0}</span>')
# The link's name is what the cell shows, with the town it stands for: 「須崎市 賛成 要再確認(…)」.
TOWN = Markup('<span class="visually-hidden">{0} </span>')
NONE_KEY = ("none", False, 0)
CELL = Markup('<td class="cell"><a href="{0}#member-{1}">{2}{3}</a></td>\n')


def cells(board: Board) -> list[tuple[str, Markup]]:
    """Per row: the item's URL, and its member columns' cells as one piece of markup (one
    escape per row instead of several per cell)."""
    labels = [(m.id, TOWN.format(ja(m.name))) for m in board.members]
    texts = {stance: _(label) for stance, label in STANCE_LABELS.items()}
    badges: dict[tuple[str, bool, int], Markup] = {NONE_KEY: BADGE.format("none", "", _("未回答"))}

    def badge(key: tuple[str, bool, int]) -> Markup:
        stance, stale, revision = key
        made = BADGE.format(stance, " stale" if stale else "", texts[stance])
        if stale:
            made += STALE_NOTE.format(_("要再確認(第%(n)d版への意見)", n=revision))
        return badges.setdefault(key, made)

    rows = []
    for row in board.rows:
        url = url_for("negotiation.item", item_id=row.item.id)
        keys = (
            NONE_KEY
            if (p := row.positions.get(mid)) is None
            else (p.stance, mid in row.stale, p.revision_number if mid in row.stale else 0)
            for mid, _label in labels
        )
        markup = "".join(
            CELL.format(url, mid, label, badges.get(key) or badge(key))
            for (mid, label), key in zip(labels, keys, strict=True)
        )
        rows.append((url, Markup(markup)))
    return rows
