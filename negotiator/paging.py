"""The first rows of a list and the count of all of them, in one statement (pages bounded by
the screen, negotiator.bounds)."""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa

from negotiator.db import db

T = TypeVar("T")


class Shown(list[T]):
    """Some rows of a longer list: the rows themselves (a list) and `total`, all of them."""

    def __init__(self, rows: list[T], total: int) -> None:
        super().__init__(rows)
        self.total = total

    @property
    def more(self) -> int:
        """How many are not among these rows."""
        return max(self.total - len(self), 0)


TOTAL_COLUMN = "shown_total"


def first(query: sa.Select, limit: int | None, offset: int = 0, *, scalars: bool = True) -> Shown:
    """At most `limit` rows of `query` from `offset` (all when None), counted by a window
    function in the same statement; `scalars` keeps the first column of each row only."""
    # A named column, not label("…"): the catalogue extracts label() calls as UI messages.
    total_column = sa.func.count().over().label(TOTAL_COLUMN)
    bounded = query.add_columns(total_column)
    if limit is not None:
        bounded = bounded.limit(limit).offset(offset)
    rows = db.session.execute(bounded).all()
    if rows:
        total = rows[0][-1]
    elif offset:  # past the end: the window saw no row, so count apart (a page out of range)
        total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    else:
        total = 0
    kept: list[Any] = [row[0] if scalars else tuple(row[:-1]) for row in rows]
    return Shown(kept, total)
