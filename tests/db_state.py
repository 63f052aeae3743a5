"""The whole database as a few bytes per table, to tell whether a request wrote anything."""

from __future__ import annotations

import hashlib

from flask import Flask

from negotiator.db import db

_SQL: dict[str, str] = {}


def _table_sql(table, dialect: str, quote) -> str:  # noqa: ANN001
    name, pk = quote(table.name), ", ".join(quote(c.name) for c in table.primary_key)
    if dialect == "postgresql":
        # The row as text, in primary key order, hashed by the server.
        ordered = ", ".join(f"x.{quote(c.name)}" for c in table.primary_key)
        digest = f"md5(string_agg(x::text, '|' ORDER BY {ordered}))"
        return f"SELECT '{table.name}', count(*), {digest} FROM {name} AS x"
    # SQLite: each value as its SQL literal (blobs in hex), in primary key order.
    row = " || ',' || ".join(f"quote({quote(c.name)})" for c in table.columns)
    return (
        f"SELECT '{table.name}', count(*), group_concat(r, '|') "
        f"FROM (SELECT {row} AS r FROM {name} ORDER BY {pk})"
    )


def db_state(app: Flask) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its content, read in one statement: the rows
    never come back to Python (a snapshot per fuzz example was most of the fuzz run's time)."""
    with app.app_context(), db.engine.connect() as conn:
        dialect = conn.dialect.name
        if dialect not in _SQL:
            quote = conn.dialect.identifier_preparer.quote
            parts = [_table_sql(t, dialect, quote) for t in db.metadata.sorted_tables]
            _SQL[dialect] = " UNION ALL ".join(parts)
        rows = conn.exec_driver_sql(_SQL[dialect]).all()
    return {
        name: (count, hashlib.sha256((digest or "").encode()).hexdigest())
        for name, count, digest in rows
    }
