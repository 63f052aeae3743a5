"""Accounts: creating users, passwords, and login with throttling held in the database."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from negotiator.audit import services as audit
from negotiator.auth.models import LoginFailure, User
from negotiator.db import db, utcnow
from negotiator.errors import FieldError

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS = frozenset(
    {"password", "password123", "1234567890", "qwertyuiop", "0123456789", "passw0rd12"}
)


class AccountError(FieldError):
    """A refused account change; the message is shown to the user."""


def password_problem(password: str, username: str = "") -> str | None:
    """Why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return str(_l("パスワードは%(n)d文字以上にしてください。", n=MIN_PASSWORD_LENGTH))
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        return str(_l("推測されやすいパスワードです。別のものにしてください。"))
    if username and username.lower() in password.lower():
        return str(_l("パスワードにユーザー名を含めないでください。"))
    return None


def create_user(
    username: str, password: str, display_name: str = "", *, is_admin: bool = False
) -> User:
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem, "password")
    exists = db.session.scalar(sa.select(User.id).where(User.username == username))
    if exists:
        raise AccountError(str(_l("このユーザー名は既に使われています。")), "username")
    user = User(username=username, display_name=display_name or username, is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        user,
        f"ユーザー {username} を作成",
        after={"username": username, "display_name": user.display_name, "is_admin": is_admin},
    )
    return user


def set_password(user: User, password: str) -> None:
    problem = password_problem(password, user.username)
    if problem:
        raise AccountError(problem, "new_password")
    user.set_password(password)
    user.session_token += 1
    audit.record("user.password", user, f"ユーザー {user.username} のパスワードを変更")


def _recent_failures(username: str, now: dt.datetime) -> int:
    since = now - current_app.config["LOGIN_FAILURE_WINDOW"]
    return db.session.scalar(
        sa.select(sa.func.count(LoginFailure.id)).where(
            LoginFailure.username == username, LoginFailure.at >= since
        )
    )


def is_locked_out(username: str) -> bool:
    return _recent_failures(username, utcnow()) >= current_app.config["LOGIN_MAX_FAILURES"]


def authenticate(username: str, password: str) -> User | None:
    """The user if the credentials match; counts failures. Caller checks is_locked_out first."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is not None and user.active and user.check_password(password):
        db.session.execute(sa.delete(LoginFailure).where(LoginFailure.username == username))
        audit.record(
            "user.login", user, f"{username} がログイン", actor=audit.Actor(user.id, username)
        )
        return user
    db.session.add(LoginFailure(username=username[:64]))
    return None


def end_sessions(user: User) -> None:
    """Invalidate every session of this user (logout everywhere)."""
    user.session_token += 1
    audit.record("user.logout", user, f"{user.username} のセッションを終了")
