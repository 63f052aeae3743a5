"""Consistent online copies of the SQLite database (PostgreSQL: use pg_dump)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from negotiator.db import db


class BackupError(RuntimeError):
    """The backup cannot be taken (wrong database kind, or the target exists)."""


def sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError(
            "flask backup copies the embedded SQLite database; for PostgreSQL use pg_dump "
            "(see README)"
        )
    return Path(url.database)


def backup_sqlite(out: Path) -> int:
    """Copy the live database page by page with SQLite's backup API; returns its page count.

    Writers keep working meanwhile: the API restarts its copy when another connection writes,
    so the result is one consistent snapshot, WAL contents included.
    """
    source_path = sqlite_path()
    if out.exists():
        raise BackupError(f"{out} already exists; choose a new file")
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(out)
    try:
        with target:
            source.backup(target, pages=1024)
        return target.execute("PRAGMA page_count").fetchone()[0]
    finally:
        target.close()
        source.close()
