"""The rate limit's counters when no Redis is configured: one row per token and window."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from negotiator.db import db


class ApiRate(db.Model):
    __tablename__ = "api_rate"

    token_id: Mapped[int] = mapped_column(
        sa.ForeignKey("api_token.id", ondelete="CASCADE"), primary_key=True
    )
    window_start: Mapped[dt.datetime]
    hits: Mapped[int]

    __table_args__ = (sa.CheckConstraint("hits >= 0", name="hits_not_negative"),)
