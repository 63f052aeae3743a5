"""Keeping the index current: a session hook after every flush, and a full rebuild.

The hook sees every record of a registered class that a flush inserted, changed or deleted, and
rewrites its index rows in the same transaction, so every write path (services, the demo, a
shell) is covered without the services knowing about search. Bulk statements (`sa.insert`,
`sa.update` on a model) bypass the session: `flask search reindex` rebuilds after those.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from negotiator.search import sources
from negotiator.search.models import SearchEntry

# Bound parameters per statement, under every SQLite build's limit.
CHUNK = 500
# Column names as constants: the catalogue extracts label("…") literals as UI messages.
SOURCE, KIND = "source", "kind"


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def write(conn: sa.Connection, source: sources.Source, ids: Iterable[int] | None) -> None:
    """Replace the index rows of these records of `source` (all of them when ids is None)."""
    table = SearchEntry.__table__
    kept = sa.literal(source.name).label(SOURCE), sa.literal(source.kind.value).label(KIND)
    names = [*sources.COLUMNS, "source", "kind"]  # as the select lists them
    if ids is None:
        conn.execute(table.delete().where(table.c.source == source.name))
        conn.execute(table.insert().from_select(names, source.rows().add_columns(*kept)))
        return
    for chunk in _chunks(ids):
        conn.execute(table.delete().where(table.c.source == source.name, table.c.ref_id.in_(chunk)))
        rows = source.rows().add_columns(*kept).where(source.model.id.in_(chunk))
        conn.execute(table.insert().from_select(names, rows))


def remove(conn: sa.Connection, source: sources.Source, ids: Iterable[int]) -> None:
    table = SearchEntry.__table__
    for chunk in _chunks(ids):
        conn.execute(table.delete().where(table.c.source == source.name, table.c.ref_id.in_(chunk)))


def reindex(conn: sa.Connection) -> int:
    """Rebuild every source's rows; the number of rows in the index."""
    for source in sources.SOURCES.values():
        write(conn, source, None)
    return conn.scalar(sa.select(sa.func.count()).select_from(SearchEntry.__table__)) or 0


def after_flush(session: Session, _context: object) -> None:
    """Re-index what this flush wrote (session.new/dirty/deleted still name it here)."""
    registered = sources.by_model()
    written: dict[str, set[int]] = {}
    deleted: dict[str, set[int]] = {}
    for found, objects in ((written, (*session.new, *session.dirty)), (deleted, session.deleted)):
        for obj in objects:
            for source in registered.get(type(obj), ()):
                found.setdefault(source.name, set()).add(obj.id)
    if not written and not deleted:
        return
    conn = session.connection()
    for name, ids in deleted.items():
        remove(conn, sources.SOURCES[name], ids)
    for name, ids in written.items():
        write(conn, sources.SOURCES[name], ids - deleted.get(name, set()))
