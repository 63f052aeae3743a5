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
    mail_ids = session.info.pop(OUTBOX_KEY, None)
    if not mail_ids:
        return
    from negotiator.jobs import enqueue

    try:
        for mail_id in mail_ids:
            enqueue("mail.deliver", mail_id)
    except Exception:  # noqa: BLE001 - the outbox row is safe; the sweep will queue it
        log.exception("could not queue mails %s; the periodic sweep will", mail_ids)


def _after_rollback(session: Session) -> None:
    session.info.pop(OUTBOX_KEY, None)


def install() -> None:
    global _installed
    if not _installed:
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_rollback", _after_rollback)
        _installed = True
