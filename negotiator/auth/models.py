"""User accounts and the password-check throttle."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from negotiator.db import db, utcnow

PASSWORD_METHOD = "scrypt"


def hash_method() -> str:
    """The hash for new passwords. Tests may choose a cheaper one; production uses scrypt."""
    return current_app.config.get("PASSWORD_HASH_METHOD", PASSWORD_METHOD)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout and password change, so every older session cookie stops working.
    session_token: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Notifications: where mail goes, in which language, and the digest hour (Japan time).
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(8), default="ja")
    digest_hour: Mapped[int] = mapped_column(default=8)

    memberships: Mapped[list[Membership]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("length(username) >= 2", name="username_length"),
        sa.CheckConstraint("language IN ('ja', 'en')", name="language_valid"),
        sa.CheckConstraint("digest_hour BETWEEN 0 AND 23", name="digest_hour_range"),
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=hash_method())

    def check_password(self, password: str) -> bool:
        """The bare hash comparison: use services.verify_password, which throttles it."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class PasswordThrottle(db.Model):
    """Password checks for one username in the current window, shared by every server process
    and every kind of check (login, password change, signing); see services.verify_password."""

    __tablename__ = "password_throttle"

    username: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    attempts: Mapped[int]
    window_start: Mapped[dt.datetime]

    __table_args__ = (sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),)
