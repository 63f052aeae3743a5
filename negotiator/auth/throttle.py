"""The password-check counter: one row per username, updated atomically in the database.

One statement (INSERT … ON CONFLICT DO UPDATE … RETURNING) counts an attempt and reads the
count, so simultaneous guesses in several processes queue on the row and each sees its own
number: exactly LOGIN_MAX_FAILURES of them get checked, however many arrive at once.
"""

from __future__ import annotations

import functools
import secrets

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.security import generate_password_hash

from negotiator import clock
from negotiator.auth.models import PasswordThrottle, hash_method
from negotiator.db import db


def count_attempt(username: str) -> int:
    """Count one more password check for `username` and return the count in this window."""
    now = clock.now()
    expired = PasswordThrottle.window_start < now - current_app.config["LOGIN_FAILURE_WINDOW"]
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    table = PasswordThrottle.__table__
    statement = (
        dialect.insert(table)
        .values(username=username, attempts=1, window_start=now)
        .on_conflict_do_update(
            index_elements=[table.c.username],
            set_={
                "attempts": sa.case((expired, 1), else_=table.c.attempts + 1),
                "window_start": sa.case(
                    (expired, sa.literal(now, table.c.window_start.type)),
                    else_=table.c.window_start,
                ),
            },
        )
        .returning(table.c.attempts)
    )
    return db.session.execute(statement).scalar_one()


def clear(username: str) -> None:
    """Forget the count after a right password."""
    db.session.execute(sa.delete(PasswordThrottle).where(PasswordThrottle.username == username))


def dummy_hash() -> str:
    """A hash of a random password with the method and cost of real ones, for unknown users."""
    return _dummy_hash(hash_method())


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)
