"""The search index: one row per indexed record, with the text to search and where it leads."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from negotiator.db import db, enum_check


class Kind(enum.StrEnum):
    """The result groups, in the order the results page shows them."""

    ITEM = "item"
    REVISION = "revision"
    POSITION = "position"
    COMMENT = "comment"
    MINUTES = "minutes"
    DOCUMENT = "document"


# Names of the parts the migration makes outside SQLAlchemy's metadata (migrations/env.py
# leaves them out of `flask db check`): the FTS5 table with its shadow tables and triggers on
# SQLite, the trigram index on PostgreSQL (on `title || ' ' || body`, migration 0023_searchpg).
FTS_TABLE = "search_fts"
TRIGRAM_INDEXES = ("ix_search_entry_text_trgm",)


class SearchEntry(db.Model):
    """Derived data, rebuilt by `flask search reindex`; never edited by hand."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The registered source (sources.py) and its record's id.
    source: Mapped[str] = mapped_column(sa.String(32))
    ref_id: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(16))
    consortium_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consortium.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # Where the result leads and what names it: an item's or a meeting's page, the member
    # whose position it is, the revision's number, an anchor on the page.
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int | None]
    anchor: Mapped[str] = mapped_column(sa.String(64), default="")

    __table_args__ = (
        sa.UniqueConstraint("source", "ref_id"),
        enum_check("kind", Kind),
        sa.CheckConstraint("item_id IS NOT NULL OR meeting_id IS NOT NULL", name="leads_somewhere"),
    )
