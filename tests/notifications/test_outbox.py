"""The outbox hands mails to the consumers when the whole transaction commits: not when a
savepoint inside it is released, and a savepoint's rollback does not drop the others' mails."""

from __future__ import annotations

from negotiator.db import db
from negotiator.notifications.services import OUTBOX_KEY, queue_after_commit


def test_savepoints_neither_send_nor_drop_the_transactions_mails(app):
    with app.app_context():
        db.session.connection()  # the outer transaction
        queue_after_commit([1])
        with db.session.begin_nested():
            queue_after_commit([2])
        assert db.session.info[OUTBOX_KEY] == [1, 2]  # released savepoint: nothing handed over
        savepoint = db.session.begin_nested()
        savepoint.rollback()
        assert db.session.info[OUTBOX_KEY] == [1, 2]
        db.session.rollback()
        assert OUTBOX_KEY not in db.session.info  # the whole transaction: nothing to send
