"""Hand new mails to the consumers only once their transaction has committed.

A mail written by a request that then rolls back is never queued; a queue that cannot be
reached does not fail the request that already committed — the periodic sweep queues it later.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask_sqlalchemy.session import Session

from negotiator.notifications.services import OUTBOX_KEY

log = logging.getLogger(__name__)
_installed = False


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released: the mails go when the whole transaction commits
    mail_ids = session.info.pop(OUTBOX_KEY, None)
    if not mail_ids:
        return
    from negotiator.jobs import enqueue

    try:
        for mail_id in mail_ids:
            enqueue("mail.deliver", mail_id)
    except Exception:  # noqa: BLE001 - the outbox row is safe; the sweep will queue it
        log.exception("could not queue mails %s; the periodic sweep will", mail_ids)


def _after_soft_rollback(session: Session, previous: sa.orm.SessionTransaction) -> None:
    # Only the whole transaction's rollback drops the queue; after a savepoint's, the mails it
    # wrote are gone and the delivery task finds no row for them.
    if previous.parent is None:
        session.info.pop(OUTBOX_KEY, None)


def install() -> None:
    global _installed
    if not _installed:
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_soft_rollback", _after_soft_rollback)
        _installed = True
