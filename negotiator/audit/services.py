"""Writing to and verifying the audit log. Every change in the app goes through `record`."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from negotiator.audit.models import (
    ACTOR_NAME_LENGTH,
    GENESIS_HASH,
    SYSTEM_PREFIX,
    AuditEntry,
    AuditHead,
)
from negotiator.db import db, utcnow
from negotiator.message import Message


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(value: Any) -> Any:
    """Round-trip through JSON so that what is hashed is exactly what is stored."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=dt.UTC)
    return {
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "consortium_id": entry.consortium_id,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
    }


def _lock_head() -> AuditHead:
    head = db.session.execute(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_hash=GENESIS_HASH, count=0)
        db.session.add(head)
        db.session.flush()
    return head


@dataclasses.dataclass(frozen=True)
class Actor:
    id: int | None
    name: str


def system_actor(what: str) -> Actor:
    """The app acting by itself, e.g. 「システム(期限到来)」; the only user-less names."""
    return Actor(None, f"{SYSTEM_PREFIX}({what})")


_acting_as: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("acting_as", default=None)


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute entries to `user` outside a request (CLI set-up, demo data)."""
    token = _acting_as.set(Actor(user.id, user.username))
    try:
        yield
    finally:
        _acting_as.reset(token)


@contextlib.contextmanager
def acting_through(user: Any, via: str) -> Iterator[None]:
    """Attribute entries to `user`, naming what acted in their name (an API token), so the log
    tells a script's writes from the user's own: 「suzaki (API: 連携)」."""
    name = f"{user.username} ({via})"
    token = _acting_as.set(Actor(user.id, name[:ACTOR_NAME_LENGTH]))
    try:
        yield
    finally:
        _acting_as.reset(token)


def current_actor() -> Actor:
    if _acting_as.get() is not None:
        return _acting_as.get()
    if current_user and getattr(current_user, "is_authenticated", False):
        return Actor(current_user.id, current_user.username)
    return Actor(None, "system")


def record(
    action: str,
    obj: Any,
    summary: str | Message,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    consortium_id: int | None = None,
    actor: Actor | None = None,
) -> AuditEntry:
    """Append one entry for `obj` (flushed so it has an id) to the chain, in this transaction.

    A `Message` summary is stored as data too, so that it is shown in the reader's language.
    """
    db.session.flush()
    message = summary.to_json() if isinstance(summary, Message) else None
    summary = summary.text if isinstance(summary, Message) else summary
    actor = actor or current_actor()
    head = _lock_head()
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "system",
        object_id=getattr(obj, "id", None),
        consortium_id=consortium_id,
        summary=summary,
        message=message,
        before=to_json(before),
        after=to_json(after),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(_hashed_fields(entry), head.last_hash)
    head.last_hash = entry.hash
    head.count += 1
    db.session.add(entry)
    return entry


@dataclasses.dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    problem: str = ""


def verify_chain(batch: int = 1000) -> VerifyResult:
    """Walk the chain from the start; report the first entry whose links or hash do not match."""
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.id > last_id)
            .order_by(AuditEntry.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        for entry in rows:
            if entry.prev_hash != prev:
                return VerifyResult(False, checked, entry.id, "previous hash does not match")
            if entry_hash(_hashed_fields(entry), prev) != entry.hash:
                return VerifyResult(False, checked, entry.id, "content does not match its hash")
            if not message_matches(entry):
                return VerifyResult(False, checked, entry.id, "message does not match its summary")
            prev = entry.hash
            checked += 1
            last_id = entry.id
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_hash != prev or head.count != checked):
        return VerifyResult(False, checked, None, "entries are missing at the end of the chain")
    return VerifyResult(True, checked)


def message_matches(entry: AuditEntry) -> bool:
    """Whether the entry's message (if any) says what its hashed summary says."""
    if entry.message is None:
        return True
    try:
        return Message.from_json(entry.message).text == entry.summary
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of `obj`, for before/after records."""
    return {name: getattr(obj, name) for name in fields}
