"""Two requests that change the same thing at once: answered as a conflict, never as a 500.

A stale form is refused by the version check in the services. When two requests pass that check
at the same moment, PostgreSQL lets the second one wait for the first and then finds the row
changed (SQLAlchemy's StaleDataError from the version counter) or the unique value taken
(IntegrityError, unique violation). Either ends here, on every route: rolled back, nothing
written, the same message as the version check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from negotiator.db import db

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def conflict_message() -> str:
    return _("他の人が先に変更しました。最新の内容を読み込み直してから、もう一度編集してください。")


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique constraint refused the row (PostgreSQL or SQLite), not another integrity rule."""
    original = error.orig
    if getattr(original, "sqlstate", None) == UNIQUE_VIOLATION:
        return True
    return getattr(original, "sqlite_errorname", "") in (
        "SQLITE_CONSTRAINT_UNIQUE",
        "SQLITE_CONSTRAINT_PRIMARYKEY",
    )


def _answer() -> tuple[str, int]:
    db.session.rollback()
    methods = request.url_rule.methods if request.url_rule else set()
    back = request.path if "GET" in (methods or ()) else None
    page = render_template("errors/error.html", code=409, message=conflict_message(), back=back)
    return page, 409


def _stale(_error: StaleDataError) -> tuple[str, int]:
    return _answer()


def _integrity(error: IntegrityError) -> tuple[str, int]:
    if not is_unique_violation(error):
        return current_app.extensions["server_error"](error)  # another broken rule is a bug
    return _answer()


def init_app(app: Flask, server_error: Callable[[Exception], Any]) -> None:
    """`server_error` is web's 500 page: logged, for a broken rule other than uniqueness."""
    app.extensions["server_error"] = server_error
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(IntegrityError, _integrity)
