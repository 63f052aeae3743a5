"""The first rows of a list and the count of all of them, in one statement (pages bounded by
the screen, negotiator.bounds)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import sqlalchemy as sa

from negotiator.db import db

T = TypeVar("T")
S = TypeVar("S")


class Shown(list[T]):
    """Some rows of a longer list: the rows themselves (a list) and `total`, all of them."""

    def __init__(self, rows: list[T], total: int) -> None:
        super().__init__(rows)
        self.total = total

    @property
    def more(self) -> int:
        """How many are not among these rows."""
        return max(self.total - len(self), 0)


# A named column, not label("…"): the catalogue extracts label() calls as UI messages.
TOTAL_COLUMN = "shown_total"


def first(
    query: sa.Select,
    limit: int | None,
    offset: int = 0,
    *,
    scalars: bool = True,
    params: Mapping[str, Any] | None = None,
) -> Shown:
    """At most `limit` rows of `query` from `offset` (all when None), counted by a window
    function in the same statement; `scalars` keeps the first column of each row only.

    With `params`, `query` is a statement built once (bound parameters for what varies, see
    `prepared`): its bounded form is built once too, and SQLAlchemy finds its compiled SQL
    without rebuilding the statement or its cache key on every page.
    """
    if params is None:
        bounded, values = _bounded(query, limit is not None), {}
    else:
        bounded, values = _bounded_once(query, limit is not None), dict(params)
    values |= {_LIMIT: limit, _OFFSET: offset} if limit is not None else {}
    rows = db.session.execute(bounded, values).all()
    if rows:
        total = rows[0][-1]
    elif offset:  # past the end: the window saw no row, so count apart (a page out of range)
        count = sa.select(sa.func.count()).select_from(query.subquery())
        total = db.session.scalar(count, values)
    else:
        total = 0
    kept: list[Any] = [row[0] if scalars else tuple(row[:-1]) for row in rows]
    return Shown(kept, total)


_LIMIT, _OFFSET = "shown_limit", "shown_offset"


def _bounded(query: sa.Select, limited: bool) -> sa.Select:
    bounded = query.add_columns(sa.func.count().over().label(TOTAL_COLUMN))
    if limited:
        bounded = bounded.limit(sa.bindparam(_LIMIT, type_=sa.Integer)).offset(
            sa.bindparam(_OFFSET, type_=sa.Integer)
        )
    return bounded


# Keyed by the statement object: only statements built once (module level or `prepared`) come
# here, about twenty; the bound keeps a statement built per call by mistake from piling up.
_bounded_once = functools.lru_cache(maxsize=256)(_bounded)


def prepared(build: Callable[[], S]) -> Callable[[], S]:
    """A statement (or a few) built on first use and kept (loader options cannot be built at
    import time: the mappers are not configured yet); what varies goes in as bound parameters."""
    return functools.cache(build)
