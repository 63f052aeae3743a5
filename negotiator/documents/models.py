"""A document's record, and its content stored once per SHA-256 in a table of its own."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from negotiator.db import db, utcnow
from negotiator.documents.kinds import NAME_MAX, SERVED

# What a document is attached to: exactly one of these is set (CHECK one_target). Another target
# is a column here, in ATTACHMENTS, and a migration that recreates the CHECK (as 0023 did).
ATTACHMENTS = ("item_id", "revision_id", "meeting_id", "comment_id")


def _exactly_one(columns: tuple[str, ...]) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


class DocumentBlob(db.Model):
    """The bytes of a file, keyed by their SHA-256: the same file uploaded twice is stored once.
    Never deleted with a document (a deleted document keeps its content: nothing is lost)."""

    __tablename__ = "document_blob"

    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size: Mapped[int]
    # Deferred: listing documents never loads their content.
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))

    __table_args__ = (
        sa.CheckConstraint("length(sha256) = 64", name="sha256_length"),
        sa.CheckConstraint("size >= 1", name="size_positive"),
    )


class Document(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    # A plain column: the search indexes document names.
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("document_blob.sha256"), index=True)
    uploader_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proposal_revision.id"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    # A comment's document is shown under the comment, on its item's page.
    comment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    # Soft delete: the record and its content stay, hidden from lists and downloads.
    deleted_at: Mapped[dt.datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    uploader = relationship("User", foreign_keys=[uploader_id])
    revision = relationship("ProposalRevision")
    comment = relationship("Comment")

    __table_args__ = (
        sa.CheckConstraint(_exactly_one(ATTACHMENTS), name="one_target"),
        sa.CheckConstraint(f"length(name) BETWEEN 1 AND {NAME_MAX}", name="name_length"),
        sa.CheckConstraint(
            "media_type IN (" + ", ".join(f"'{t}'" for t in sorted(SERVED)) + ")",
            name="media_type_valid",
        ),
        sa.CheckConstraint("size >= 1", name="size_positive"),
        sa.CheckConstraint(
            "(deleted_at IS NULL) = (deleted_by_id IS NULL)", name="deleted_by_whom"
        ),
    )
