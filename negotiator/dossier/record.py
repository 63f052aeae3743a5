"""An agenda item's PDF record: its text through every revision, every member's positions with
their history, its state changes and the meetings and written rounds that took it up.

Printed in Japanese whatever the reader's language (the dossier is the council's record) and
from the database as it is, never from anything a user's page shows: a member's own notes
(内部メモ) are not read here at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from flask import render_template
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from negotiator.agreements.era import era_of
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.dossier import contributors
from negotiator.negotiation import queries
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.models import AgendaItem, Position, StateChange


def at(moment: dt.datetime | None) -> str:
    """A moment as the record prints it: 令和8年11月10日 10:00 (Japan time)."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    japan = aware.astimezone(dt.timezone(dt.timedelta(hours=9)))
    return f"{era_of(japan.date())} {japan:%H:%M}"


def item_html(item: AgendaItem) -> str:
    """The item's record as HTML for WeasyPrint (same fonts and page as the minutes)."""
    return render_template("dossier/item.html", **item_view(item))


def item_view(item: AgendaItem) -> dict[str, Any]:
    negotiation = item.negotiation
    record = queries.discussion_record(item.id)
    return {
        "item": item,
        "negotiation": negotiation,
        "consortium": negotiation.consortium,
        "rule": queries.effective_rule(item, negotiation).value,
        "revisions": item.revisions,
        "positions": _positions(item),
        "moves": _moves(item),
        "record": record,
        "places": {(r.kind, r.id): r for r in record},
        "sections": [Markup(section(item)) for section in contributors.ITEM_SECTIONS],
        "markdown": render_markdown,
        "at": at,
    }


def _positions(item: AgendaItem) -> list[tuple[Member, list[Position]]]:
    """Every member that holds or held a position (members who left too), each with its
    positions oldest first; then the current members who never answered."""
    history: dict[int, list[Position]] = defaultdict(list)
    rows = db.session.scalars(
        sa.select(Position)
        .where(Position.item_id == item.id)
        .options(selectinload(Position.conditions), selectinload(Position.recorded_by))
        .order_by(Position.id)
    )
    for position in rows:
        history[position.member_id].append(position)
    members = db.session.scalars(
        sa.select(Member)
        .where(Member.consortium_id == item.negotiation.consortium_id)
        .order_by(Member.sort_order, Member.id)
    )
    return [(m, history[m.id]) for m in members if m.id in history or m.left_on is None]


def _moves(item: AgendaItem) -> list[StateChange]:
    return list(
        db.session.scalars(
            sa.select(StateChange)
            .where(StateChange.item_id == item.id)
            .options(selectinload(StateChange.actor))
            .order_by(StateChange.id)
        )
    )
