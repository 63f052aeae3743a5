"""Personal access tokens for the JSON API: created and revoked by their user, stored hashed.

A token is 32 random bytes: unguessable, so a plain SHA-256 of it is a safe lookup key (a slow
password hash would only make every API request slow). It acts as its user, with exactly the
user's roles; the scope only narrows it (read: GET requests only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator import clock
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.db import db, utcnow
from negotiator.message import N_, say

PREFIX = "ngt_"
NAME_LENGTH = 40
SCOPES = ("read", "write")
LIFETIMES = (30, 90, 365)  # days
# Last use is written at most this often: every request writing a row would serialise them.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(NAME_LENGTH))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters, shown in lists so that a user can tell their tokens apart.
    hint: Mapped[str] = mapped_column(sa.String(12))
    scope: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint("scope IN ('read', 'write')", name="scope_valid"),
        sa.CheckConstraint("length(name) >= 1", name="name_not_empty"),
        sa.CheckConstraint("expires_at > created_at", name="expires_after_creation"),
    )

    @property
    def writes(self) -> bool:
        return self.scope == "write"

    def active(self, now: dt.datetime | None = None) -> bool:
        now = now or clock.now()
        return self.revoked_at is None and _aware(self.expires_at) > now


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    if scope not in SCOPES or days not in LIFETIMES:
        raise ValueError("unknown scope or lifetime")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=digest(secret),
        hint=secret[: len(PREFIX) + 4],
        scope=scope,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "token.create",
        token,
        say(N_("APIトークン「%(name)s」を作成(%(scope)s)"), name=name, scope=scope),
    )
    return token, secret


def revoke(token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = clock.now()
    audit.record("token.revoke", token, say(N_("APIトークン「%(name)s」を無効化"), name=token.name))


def own_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def active_tokens() -> list[ApiToken]:
    """Every usable token, for the administrators' list."""
    now = clock.now()
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
            .order_by(ApiToken.id.desc())
        )
    )


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret whose user may log in, its last use noted."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    now = clock.now()
    if token is None or not token.active(now) or not token.user.active:
        return None
    if token.last_used_at is None or _aware(token.last_used_at) < now - TOUCH_INTERVAL:
        db.session.execute(
            sa.update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now)
        )
        db.session.commit()
    return token
