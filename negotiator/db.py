"""Database handle, declarative base and engine settings for SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    # flask-sqlalchemy #1361: type_annotation_map must live on a registry, not the base.
    registry = registry(
        type_annotation_map={
            dt.datetime: sa.DateTime(timezone=True),
            dict[str, Any]: sa.JSON,
        }
    )
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

__all__ = ["Base", "Mapped", "MappedAsDataclass", "db", "mapped_column", "utcnow"]


MAX_ID = 2**31 - 1  # the largest INTEGER primary key; a larger "id" from a request is missing


def same_version(submitted: object, current: int) -> bool:
    """Whether a form's version (hidden field text, or a number) is `current`.

    Anything that is not a whole number, as from a tampered form, never matches: the caller
    reports a conflict instead of failing.
    """
    try:
        return int(str(submitted).strip()) == current
    except ValueError:
        return False


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def enum_check(column: str, values: type) -> sa.CheckConstraint:
    """CHECK constraint that keeps a string column within an enum's values."""
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_valid")


def _wants_write_lock() -> bool:
    # Reads may run side by side; anything that can write takes SQLite's write lock up front, so
    # two processes never both read-then-write the same row (lost updates, STACK-NOTES.md).
    if has_request_context():
        return request.method not in ("GET", "HEAD", "OPTIONS")
    return True


def configure_sqlite_engine(engine: sa.Engine) -> None:
    """Foreign keys, WAL, busy timeout, and BEGIN IMMEDIATE for write transactions."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA busy_timeout = 15000")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = "IMMEDIATE" if _wants_write_lock() else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")
