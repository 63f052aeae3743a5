"""The append-only, hash-chained audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, utcnow

GENESIS_HASH = "0" * 64
# Entries without a user are written by the app itself; their actor names say so.
SYSTEM_PREFIX = "システム"
ACTOR_NAME_LENGTH = 100


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(ACTOR_NAME_LENGTH))
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(64))
    object_id: Mapped[int | None]
    consortium_id: Mapped[int | None] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    # The summary as data (negotiator.message), translated when shown. Not hashed: it must
    # render to `summary` in Japanese, which verify_chain checks, so it cannot say anything else.
    message: Mapped[dict[str, Any] | None]
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    # Unique: two writers that raced for the same predecessor cannot both commit (no fork).
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    actor = relationship("User")

    __table_args__ = (
        sa.Index("ix_audit_entry_object", "object_type", "object_id"),
        # "system" is the older fallback for work done outside a request (set-up commands).
        sa.CheckConstraint(
            f"actor_id IS NOT NULL OR actor_name = 'system' OR actor_name LIKE '{SYSTEM_PREFIX}%'",
            name="actor_known",
        ),
    )


class AuditHead(db.Model):
    """Single row naming the latest entry; writers lock it so appends happen one at a time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS_HASH)
    count: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)
