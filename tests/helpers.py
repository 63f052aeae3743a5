"""Test helpers shared across packages: SQL statement counting."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from flask import Flask

from negotiator.db import db


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextlib.contextmanager
def count_queries(app: Flask) -> Iterator[QueryCounter]:
    """Count the SQL statements the app's engine runs inside the block."""
    counter = QueryCounter()
    with app.app_context():
        engine = db.engine

    def before(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            counter.statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def assert_constant_queries(
    app: Flask, render: Callable[[], object], grow: Callable[[], None]
) -> int:
    """Render, grow the data, render again: the statement count must not change."""
    render()  # warm caches that run once per process
    with count_queries(app) as small:
        render()
    grow()
    with count_queries(app) as large:
        render()
    assert large.count == small.count, (
        f"statement count grew with the data: {small.count} -> {large.count}\n"
        + "\n".join(large.statements)
    )
    return large.count
