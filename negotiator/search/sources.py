"""What is indexed: a registry mapping a model class to the query that makes its index rows.

Adding a source is a few lines: a `Source` whose `rows()` selects, for the records of `model`,
the columns of search_entry (see `columns`), and a `link` from a hit to its page. The session
hook (indexing.py) re-runs that query for the records a flush wrote, and `flask search reindex`
for all of them. Member-only notes (内部メモ) are never a source.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import url_for

from negotiator.meetings.models import Meeting, MeetingItem
from negotiator.negotiation.models import (
    AgendaItem,
    Negotiation,
    Position,
    PositionCondition,
    ProposalRevision,
)
from negotiator.search.models import Kind

COLUMNS = (
    "ref_id",
    "consortium_id",
    "title",
    "body",
    "item_id",
    "meeting_id",
    "member_id",
    "number",
    "anchor",
)


@dataclasses.dataclass(frozen=True)
class Source:
    name: str
    kind: Kind
    model: type
    rows: Callable[[], sa.Select]  # labelled as COLUMNS; the hook adds a filter on model.id
    link: Callable[[Any], str]  # a hit (services.Hit, its item loaded) -> its page's URL


def columns(ref_id: Any, consortium_id: Any, *, title: Any = "", body: Any = "", **rest: Any):
    """The select list of a source's rows, in COLUMNS order; omitted ones are empty."""
    values = {"ref_id": ref_id, "consortium_id": consortium_id, "title": title, "body": body}
    values |= {"item_id": None, "meeting_id": None, "member_id": None, "number": None}
    values |= {"anchor": ""} | rest
    return [_literal(values[name]).label(name) for name in COLUMNS]


def _literal(value: Any) -> Any:
    if value is None:
        return sa.null()
    if isinstance(value, str | int):
        return sa.literal(value)
    return value  # a column or an expression


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.name] = source


def by_model() -> dict[type, list[Source]]:
    found: dict[type, list[Source]] = {}
    for source in SOURCES.values():
        found.setdefault(source.model, []).append(source)
    return found


def _item_page(hit: Any) -> str:
    url = url_for("negotiation.item", item_id=hit.item_id)
    return f"{url}#{hit.anchor}" if hit.anchor else url


def _meeting_page(hit: Any) -> str:
    return url_for("meetings.meeting", meeting_id=hit.meeting_id) + f"#{hit.anchor or 'minutes'}"


def _revision_page(hit: Any) -> str:
    """The current revision is on the item's page; an older one in its diff with the current."""
    current = hit.item.current_revision
    if hit.number >= current:
        return url_for("negotiation.item", item_id=hit.item_id)
    return url_for("negotiation.diff", item_id=hit.item_id, a=hit.number, b=current)


def _items() -> sa.Select:
    return sa.select(
        *columns(
            AgendaItem.id,
            Negotiation.consortium_id,
            title=AgendaItem.title,
            body=AgendaItem.description,
            item_id=AgendaItem.id,
        )
    ).join(Negotiation, AgendaItem.negotiation_id == Negotiation.id)


def _revisions() -> sa.Select:
    return (
        sa.select(
            *columns(
                ProposalRevision.id,
                Negotiation.consortium_id,
                body=ProposalRevision.text,
                item_id=AgendaItem.id,
                number=ProposalRevision.number,
            )
        )
        .join(AgendaItem, ProposalRevision.item_id == AgendaItem.id)
        .join(Negotiation, AgendaItem.negotiation_id == Negotiation.id)
    )


def _positions() -> sa.Select:
    return (
        sa.select(
            *columns(
                Position.id,
                Negotiation.consortium_id,
                body=Position.statement + "\n" + Position.reason,
                item_id=Position.item_id,
                member_id=Position.member_id,
                number=Position.revision_number,
                anchor=sa.literal("member-") + sa.cast(Position.member_id, sa.String),
            )
        )
        .join(AgendaItem, Position.item_id == AgendaItem.id)
        .join(Negotiation, AgendaItem.negotiation_id == Negotiation.id)
        .where((Position.statement != "") | (Position.reason != ""))
    )


def _conditions() -> sa.Select:
    return (
        sa.select(
            *columns(
                PositionCondition.id,
                Negotiation.consortium_id,
                body=PositionCondition.text,
                item_id=Position.item_id,
                member_id=Position.member_id,
                number=Position.revision_number,
                anchor=sa.literal("member-") + sa.cast(Position.member_id, sa.String),
            )
        )
        .join(Position, PositionCondition.position_id == Position.id)
        .join(AgendaItem, Position.item_id == AgendaItem.id)
        .join(Negotiation, AgendaItem.negotiation_id == Negotiation.id)
    )


def _minutes() -> sa.Select:
    """The meeting's own draft minutes (全体の記録), as its page shows them to every reader."""
    return sa.select(
        *columns(Meeting.id, Meeting.consortium_id, body=Meeting.notes, meeting_id=Meeting.id)
    ).where(Meeting.notes != "")


def _entry_minutes() -> sa.Select:
    """The minutes' notes on one agenda entry (a free entry's title is searched too)."""
    anchor = sa.case(
        (
            MeetingItem.item_id.is_(None),
            sa.literal("entry-free-") + sa.cast(MeetingItem.id, sa.String),
        ),
        else_=sa.literal("entry-") + sa.cast(MeetingItem.item_id, sa.String),
    )
    return (
        sa.select(
            *columns(
                MeetingItem.id,
                Meeting.consortium_id,
                title=MeetingItem.title,
                body=MeetingItem.notes,
                meeting_id=Meeting.id,
                item_id=MeetingItem.item_id,
                anchor=anchor,
            )
        )
        .join(Meeting, MeetingItem.meeting_id == Meeting.id)
        .where(MeetingItem.notes != "")
    )


for _source in (
    Source("item", Kind.ITEM, AgendaItem, _items, _item_page),
    Source("revision", Kind.REVISION, ProposalRevision, _revisions, _revision_page),
    Source("position", Kind.POSITION, Position, _positions, _item_page),
    Source("condition", Kind.POSITION, PositionCondition, _conditions, _item_page),
    Source("minutes", Kind.MINUTES, Meeting, _minutes, _meeting_page),
    Source("entry_minutes", Kind.MINUTES, MeetingItem, _entry_minutes, _meeting_page),
):
    register(_source)

# The comments' and documents' sources, registered with these (their own module: this one is
# already long).
from negotiator.search import more_sources  # noqa: E402, F401
