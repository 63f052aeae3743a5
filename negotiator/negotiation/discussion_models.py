"""Discussion on an item between meetings: comments (with their edit history) and 修正案.

"Suggestion" (修正案, a proposed new wording of an item's text) is not an agreement amendment
(negotiator/agreements/amend*): the names differ on purpose.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow

COMMENT_LENGTH = 10_000
REASON_LENGTH = 2_000


class Comment(db.Model):
    """A comment on an item, written on the revision current then; a reply answers a top-level
    comment (one level). The search reads `body` and `item_id` directly."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    revision_number: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text)
    # The member the comment asks or names (a select on the form, not parsed from the text).
    mentioned_member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    author = relationship("User")
    mentioned_member = relationship("Member")
    edits: Mapped[list[CommentEdit]] = relationship(order_by="CommentEdit.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(f"length(body) BETWEEN 1 AND {COMMENT_LENGTH}", name="body_length"),
        sa.CheckConstraint("revision_number >= 1", name="revision_positive"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        sa.CheckConstraint("(edited_at IS NULL) = (version = 1)", name="edited_when_changed"),
    )


class CommentEdit(db.Model):
    """An earlier wording of a comment, kept when its author changed it (append-only)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)  # the wording before this edit
    written_at: Mapped[dt.datetime]  # when that wording was written
    replaced_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(f"length(body) BETWEEN 1 AND {COMMENT_LENGTH}", name="body_length"),
    )


class SuggestionState(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Suggestion(db.Model):
    """A 修正案: a member's proposed new text of an item, against the revision it read."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    base_revision: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(16), default=SuggestionState.OPEN.value)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The revision it became, once accepted.
    revision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposal_revision.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    member = relationship("Member")
    author = relationship("User", foreign_keys=[author_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    revision = relationship("ProposalRevision")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        enum_check("state", SuggestionState),
        sa.Index("ix_suggestion_item_id_state", "item_id", "state"),
        sa.CheckConstraint("base_revision >= 1", name="base_positive"),
        sa.CheckConstraint("length(text) > 0", name="text_not_empty"),
        sa.CheckConstraint(f"length(reason) BETWEEN 1 AND {REASON_LENGTH}", name="reason_length"),
        sa.CheckConstraint("(state = 'open') = (decided_at IS NULL)", name="decided_when_closed"),
        sa.CheckConstraint(
            "(state = 'accepted') = (revision_id IS NOT NULL)", name="accepted_has_revision"
        ),
        sa.CheckConstraint(
            "state <> 'declined' OR length(decline_reason) > 0", name="declined_has_reason"
        ),
    )
