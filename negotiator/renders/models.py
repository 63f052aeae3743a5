"""A requested render: state, progress, result, who asked and when."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow


class RenderState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED = (RenderState.DONE.value, RenderState.FAILED.value)


class RenderJob(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # What is rendered ("agreement.pdf", "agreement.signing", "minutes.pdf"); the kind says
    # which table subject_id points into and who may see the result.
    kind: Mapped[str] = mapped_column(sa.String(40))
    subject_id: Mapped[int]
    # SHA-256 of everything the render reads: same kind, subject and hash give the same bytes.
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    state: Mapped[str] = mapped_column(sa.String(16), default=RenderState.QUEUED.value)
    progress: Mapped[str] = mapped_column(sa.String(200), default="")  # a msgid
    error: Mapped[str] = mapped_column(sa.Text, default="")  # shown to the user, in Japanese
    filename: Mapped[str] = mapped_column(sa.String(200), default="document.pdf")
    # The input of a plain HTML-to-PDF render (the HTML, and a JSON attachment if any), taken
    # when it was asked for, so the result is exactly what was on the page then.
    source: Mapped[str | None] = mapped_column(sa.Text, deferred=True)
    attachment: Mapped[str | None] = mapped_column(sa.Text, deferred=True)
    # Kept here unless the kind stores it with its subject (the signing original does).
    result: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    result_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]

    requested_by = relationship("User")

    __table_args__ = (
        sa.UniqueConstraint("kind", "subject_id", "content_hash"),
        sa.Index("ix_render_job_state_requested_at", "state", "requested_at"),
        enum_check("state", RenderState),
        sa.CheckConstraint("(state <> 'failed') OR (error <> '')", name="failed_has_error"),
        sa.CheckConstraint(
            "(state NOT IN ('done', 'failed')) OR (finished_at IS NOT NULL)",
            name="finished_has_time",
        ),
        sa.CheckConstraint("(result IS NULL) = (result_sha256 IS NULL)", name="result_has_hash"),
    )

    @property
    def finished(self) -> bool:
        return self.state in FINISHED
