"""The daily digest: one mail per user at their chosen hour (Japan time) with what waited."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from negotiator.auth.models import User
from negotiator.consortia.models import Consortium
from negotiator.db import db, utcnow
from negotiator.notifications import mail
from negotiator.notifications.messages import headline
from negotiator.notifications.models import Delivery, Notification, OutgoingMail
from negotiator.notifications.services import queue_after_commit

JAPAN = ZoneInfo("Asia/Tokyo")


def send_due_digests(now: dt.datetime | None = None) -> int:
    """Write the digest mails of every user whose hour it is; return how many were written."""
    local = (now or utcnow()).astimezone(JAPAN)
    waiting = (
        sa.select(Notification.user_id)
        .where(Notification.delivery == Delivery.DIGEST, Notification.mail_id.is_(None))
        .distinct()
    )
    users = db.session.scalars(
        sa.select(User).where(
            User.id.in_(waiting),
            User.digest_hour == local.hour,
            User.active.is_(True),
            User.email.is_not(None),
        )
    ).all()
    written = [m for u in users if (m := _digest(u, local.date())) is not None]
    db.session.flush()
    queue_after_commit([m.id for m in written])
    return len(written)


def _digest(user: User, day: dt.date) -> OutgoingMail | None:
    key = f"digest/{user.id}/{day.isoformat()}"
    if db.session.scalar(sa.select(OutgoingMail.id).where(OutgoingMail.idempotency_key == key)):
        return None  # already written today (the hourly job ran twice)
    notes = db.session.scalars(
        sa.select(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.delivery == Delivery.DIGEST,
            Notification.mail_id.is_(None),
        )
        .order_by(Notification.id)
    ).all()
    names = dict(db.session.execute(sa.select(Consortium.id, Consortium.name)).all())
    base = mail.public_url()
    with force_locale(user.language):
        entries = [
            {
                "headline": headline(n.kind, n.params),
                "consortium": names.get(n.consortium_id, ""),
                "link": base + n.path,
            }
            for n in notes
        ]
        subject = _("negotiator: お知らせのまとめ(%(n)d件)", n=len(entries))
    context = {
        "name": user.display_name,
        "entries": entries,
        "settings_link": base + mail.path_for("notifications.preferences"),
        "language": user.language,
    }
    text, html = mail.render("digest", user.language, context)
    row = OutgoingMail(
        user_id=user.id,
        idempotency_key=key,
        to_address=user.email,
        subject=mail.header_text(subject),
        body_text=text,
        body_html=html,
    )
    for note in notes:
        note.mail = row
    db.session.add(row)
    return row
