"""Reading what an event wrote, and delivering the outbox inside the test process."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.notifications import delivery
from negotiator.notifications.models import MailStatus, Notification, OutgoingMail


def notified(app, key: str) -> set[str]:  # noqa: ANN001
    """Usernames that got a notification for the event `key`."""
    with app.app_context():
        return set(
            db.session.scalars(
                sa.select(User.username)
                .join(Notification, Notification.user_id == User.id)
                .where(Notification.event_key == key)
            )
        )


def deliver_outbox(app) -> None:  # noqa: ANN001
    """Run the delivery task for every pending mail, here, as a consumer would."""
    with app.app_context():
        ids = db.session.scalars(
            sa.select(OutgoingMail.id).where(OutgoingMail.status == MailStatus.PENDING)
        ).all()
        db.session.rollback()
        for mail_id in ids:
            delivery.deliver(mail_id)
            db.session.commit()


def received_by(relay) -> dict[str, int]:  # noqa: ANN001
    """Messages the relay accepted, per local part of the address (the username)."""
    return {to.split("@")[0]: n for to, n in relay.recorder.recipients().items()}


def user(username: str) -> User:
    """A user by name (inside an app context)."""
    return db.session.scalar(sa.select(User).where(User.username == username))
