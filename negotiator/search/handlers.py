"""Wiring: the index follows every flush of the app's session (indexing.after_flush)."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.db import db
from negotiator.search import indexing


def register() -> None:
    if not sa.event.contains(db.session, "after_flush", indexing.after_flush):
        sa.event.listen(db.session, "after_flush", indexing.after_flush)
