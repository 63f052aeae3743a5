"""Accounts: creating users, passwords, and every password check (throttled in the database)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

from negotiator.audit import services as audit
from negotiator.auth import throttle
from negotiator.auth.models import User
from negotiator.auth.policy import password_problem
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.message import say

PURPOSES = frozenset({"login", "password_change", "signing", "reauth"})
LOCKED_MESSAGE = _l("パスワードの誤りが続いたため、しばらく確認できません。時間をおいてください。")


class AccountError(FieldError):
    """A refused account change; the message is shown to the user."""


class PasswordLocked(AccountError):
    """Too many wrong passwords for this username lately: the password was not checked."""


def create_user(
    username: str,
    password: str,
    display_name: str = "",
    *,
    is_admin: bool = False,
    check_policy: bool = True,
) -> User:
    """A new user. Only the demo loader passes check_policy=False, for its published password."""
    problem = password_problem(password, username) if check_policy else None
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
        say("ユーザー %(username)s を作成", username=username),
        after={"username": username, "display_name": user.display_name, "is_admin": is_admin},
    )
    return user


def set_password(user: User, password: str) -> None:
    problem = password_problem(password, user.username)
    if problem:
        raise AccountError(problem, "new_password")
    user.set_password(password)
    user.session_token += 1
    summary = say("ユーザー %(username)s のパスワードを変更", username=user.username)
    audit.record("user.password", user, summary)


def verify_password(user: User, password: str, purpose: str) -> bool:
    """Whether `password` is `user`'s, counted in the one throttle every password check shares.

    The contract, the same for login, password change, signing and any re-authentication:
    - Call it before the request changes anything: it COMMITS the session (the attempt is counted
      and committed before the hash is checked), so a caller that rolls back afterwards, as
      show_error does, cannot give a guesser a free try, and no row lock is held meanwhile.
    - Raises PasswordLocked (an AccountError without a field) when the username has had
      LOGIN_MAX_FAILURES checks within LOGIN_FAILURE_WINDOW; the password is not checked then.
    - A right password clears the count; a wrong one leaves it counted and returns False.
    - An inactive user's password never matches, after the same hashing work as anyone's.
    """
    return _verify(user.username, user, password, purpose)


def authenticate(username: str, password: str) -> User | None:
    """The user if the credentials match. An unknown username costs the same hashing work and
    is throttled the same way as a known one, so neither timing nor the lock-out tells them
    apart. Raises PasswordLocked; commits like verify_password."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if not _verify(username, user, password, "login"):
        return None
    summary = say("%(username)s がログイン", username=username)
    audit.record("user.login", user, summary, actor=audit.Actor(user.id, username))
    return user


def _verify(username: str, user: User | None, password: str, purpose: str) -> bool:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    # Read before the commit below expires the user, so known and unknown users cost the same
    # queries; unknown ones are checked against a dummy hash of the same method and cost.
    stored = user.password_hash if user is not None else throttle.dummy_hash()
    active = user is not None and user.active
    key = username[:64]
    if throttle.count_attempt(key) > current_app.config["LOGIN_MAX_FAILURES"]:
        db.session.commit()
        current_app.logger.warning("password check refused (locked): %s, %s", key, purpose)
        raise PasswordLocked(str(LOCKED_MESSAGE))
    db.session.commit()
    matches = check_password_hash(stored, password) and active
    if matches:
        throttle.clear(key)
        db.session.commit()
    return matches


def end_sessions(user: User) -> None:
    """Invalidate every session of this user (logout everywhere)."""
    user.session_token += 1
    audit.record(
        "user.logout", user, say("%(username)s のセッションを終了", username=user.username)
    )
