"""notify(): one notification per recipient, and their mail, in the caller's transaction (outbox).

Delivery happens later, outside the request: the new mails are queued for the consumers when the
transaction commits (and a periodic sweep catches anything the queue lost).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Membership
from negotiator.db import db, utcnow
from negotiator.notifications import mail
from negotiator.notifications.messages import headline
from negotiator.notifications.models import (
    Delivery,
    Follow,
    Kind,
    Mode,
    Notification,
    OutgoingMail,
    Preference,
)

OUTBOX_KEY = "outbox_new_mail"  # session.info: mail ids to queue once the transaction commits


@dataclasses.dataclass(frozen=True)
class Attachment:
    """A file sent with every mail of an event; `content_type` may carry parameters."""

    filename: str
    content_type: str  # e.g. "text/calendar; method=REQUEST"
    data: bytes


@dataclasses.dataclass(frozen=True)
class Event:
    """Something that happened. `key` is unique per event (e.g. "item.revise:42")."""

    kind: Kind
    key: str
    consortium_id: int
    path: str
    params: dict[str, Any]
    attachment: Attachment | None = None


def notify(event: Event, recipients: Iterable[int], *, actor_id: int | None = None) -> int:
    """Write the event's notifications and mails for `recipients`; return how many.

    Only active users who still hold a role in the event's consortium are notified (nobody
    hears of a council they cannot see), never the person who caused the event, and never
    twice for one event.
    """
    wanted = set(recipients) - {actor_id}
    if not wanted:
        return 0
    users = _visible_recipients(event, wanted)
    if not users:
        return 0
    modes = _modes([u.id for u in users], event.kind)
    consortium = db.session.get(Consortium, event.consortium_id)
    notes, mails = [], []
    for user in users:
        delivery = _delivery(user, modes.get(user.id, Mode.IMMEDIATE))
        notes.append(
            {
                "user_id": user.id,
                "kind": event.kind.value,
                "event_key": event.key,
                "consortium_id": event.consortium_id,
                "params": event.params,
                "path": event.path,
                "delivery": delivery.value,
                "mail_id": None,
            }
        )
        if delivery == Delivery.MAIL:
            mails.append(_outgoing(user, event, consortium))
    _insert(notes, mails)
    return len(users)


def _insert(notes: list[dict[str, Any]], mails: list[dict[str, Any]]) -> None:
    """Bulk inserts: the statement count stays the same for 3 or 300 recipients."""
    if mails:
        db.session.execute(sa.insert(OutgoingMail), mails)
        keys = [m["idempotency_key"] for m in mails]
        ids = dict(
            db.session.execute(
                sa.select(OutgoingMail.user_id, OutgoingMail.id).where(
                    OutgoingMail.idempotency_key.in_(keys)
                )
            ).all()
        )
        for note in notes:
            note["mail_id"] = ids.get(note["user_id"])
        queue_after_commit(list(ids.values()))
    db.session.execute(sa.insert(Notification), notes)


def _visible_recipients(event: Event, wanted: set[int]) -> list[User]:
    already = sa.select(Notification.user_id).where(Notification.event_key == event.key)
    in_council = sa.select(Membership.user_id).where(
        Membership.consortium_id == event.consortium_id
    )
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.id.in_(wanted),
                User.active.is_(True),
                User.id.in_(in_council),
                User.id.not_in(already),
            )
            .order_by(User.id)
        )
    )


def _modes(user_ids: list[int], kind: Kind) -> dict[int, Mode]:
    rows = db.session.execute(
        sa.select(Preference.user_id, Preference.mode).where(
            Preference.user_id.in_(user_ids), Preference.kind == kind.value
        )
    )
    return {user_id: Mode(mode) for user_id, mode in rows}


def _delivery(user: User, mode: Mode) -> Delivery:
    if mode == Mode.OFF or not user.email:
        return Delivery.NONE
    return Delivery.DIGEST if mode == Mode.DIGEST else Delivery.MAIL


def _outgoing(user: User, event: Event, consortium: Consortium | None) -> dict[str, Any]:
    base = mail.public_url()
    with force_locale(user.language):
        line = headline(event.kind, event.params)
    context = {
        "name": user.display_name,
        "headline": line,
        "consortium": consortium.name if consortium else "",
        "link": base + event.path,
        "settings_link": base + mail.path_for("notifications.preferences"),
        "language": user.language,
    }
    text, html = mail.render("notice", user.language, context)
    prefix = f"[{consortium.name}] " if consortium else ""
    attached = event.attachment
    return {
        "user_id": user.id,
        "idempotency_key": f"{event.key}/{user.id}",
        "to_address": user.email,
        "subject": mail.header_text(prefix + line),
        "body_text": text,
        "body_html": html,
        # Every row names all columns: one bulk insert takes them all alike.
        "attachment_name": attached.filename if attached else None,
        "attachment_type": attached.content_type if attached else None,
        "attachment": attached.data if attached else None,
    }


def queue_after_commit(mail_ids: list[int]) -> None:
    """Hand these mails to the consumers once (and only if) the transaction commits."""
    db.session.info.setdefault(OUTBOX_KEY, []).extend(mail_ids)


# --- following, reading, preferences -------------------------------------------------------


def follow(user: User, item_id: int) -> None:
    exists = db.session.scalar(
        sa.select(Follow.id).where(Follow.user_id == user.id, Follow.item_id == item_id)
    )
    if not exists:
        db.session.add(Follow(user_id=user.id, item_id=item_id))
        db.session.flush()


def unfollow(user: User, item_id: int) -> None:
    db.session.execute(
        sa.delete(Follow).where(Follow.user_id == user.id, Follow.item_id == item_id)
    )


def is_following(user: User, item_id: int) -> bool:
    return bool(db.session.scalar(_FOLLOWING, {"user_id": user.id, "item_id": item_id}))


_FOLLOWING = sa.select(Follow.id).where(
    Follow.user_id == sa.bindparam("user_id"), Follow.item_id == sa.bindparam("item_id")
)


_UNREAD = sa.select(sa.func.count(Notification.id)).where(
    Notification.user_id == sa.bindparam("user_id"), Notification.read_at.is_(None)
)  # built once: every page's header asks (see negotiation/queries.py)


def unread_count(user_id: int) -> int:
    return db.session.scalar(_UNREAD, {"user_id": user_id})


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; return how many changed."""
    query = sa.update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    return db.session.execute(query.values(read_at=utcnow())).rowcount


def preferences(user: User) -> dict[Kind, Mode]:
    rows = db.session.execute(
        sa.select(Preference.kind, Preference.mode).where(Preference.user_id == user.id)
    )
    chosen = {Kind(k): Mode(m) for k, m in rows}
    return {kind: chosen.get(kind, Mode.IMMEDIATE) for kind in Kind}


def save_preferences(user: User, modes: dict[Kind, Mode], digest_hour: int) -> None:
    db.session.execute(sa.delete(Preference).where(Preference.user_id == user.id))
    db.session.add_all(
        Preference(user_id=user.id, kind=k.value, mode=m.value)
        for k, m in modes.items()
        if m != Mode.IMMEDIATE
    )
    user.digest_hour = digest_hour
    db.session.flush()
