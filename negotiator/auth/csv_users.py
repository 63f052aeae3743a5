"""Importing users from CSV (Excel's Shift_JIS or UTF-8): username, display name, address.

New users get a random password, printed once for the administrator to hand over; existing
users get their display name, address and language updated. All rows or none.
"""

from __future__ import annotations

import csv
import io
import secrets

import sqlalchemy as sa

from negotiator.auth import services as accounts
from negotiator.auth.models import User
from negotiator.db import db
from negotiator.forms import valid_address
from negotiator.uploads import decode

COLUMNS = ("username", "display_name", "email")


class CsvUserError(ValueError):
    """A row that cannot be imported; nothing is written."""


def import_users(data: bytes) -> list[tuple[str, str | None]]:
    """Create or update every row; return (username, new password or None) per row."""
    text = decode(data)
    if text is None:
        raise CsvUserError("the file is neither UTF-8 nor Shift_JIS (CP932)")
    reader = csv.DictReader(io.StringIO(text))
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise CsvUserError(f"missing columns: {', '.join(sorted(missing))}")
    return [_row(line, row) for line, row in enumerate(reader, start=2)]


def _row(line: int, row: dict[str, str]) -> tuple[str, str | None]:
    username = (row["username"] or "").strip()
    email = (row["email"] or "").strip() or None
    language = (row.get("language") or "ja").strip() or "ja"
    if email is not None and not valid_address(email):
        raise CsvUserError(f"line {line}: not a valid mail address: {email!r}")
    if language not in ("ja", "en"):
        raise CsvUserError(f"line {line}: language must be ja or en")
    user = db.session.scalar(sa.select(User).where(User.username == username))
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        try:
            user = accounts.create_user(username, password, (row["display_name"] or "").strip())
        except accounts.AccountError as exc:
            raise CsvUserError(f"line {line}: {exc.message}") from exc
    elif (row["display_name"] or "").strip():
        user.display_name = row["display_name"].strip()
    user.email, user.language = email, language
    db.session.flush()
    return username, password
