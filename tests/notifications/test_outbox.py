"""The outbox hands mails to the consumers when the whole transaction commits: not when a
savepoint inside it is released, and a savepoint's rollback does not drop the others' mails."""

from __future__ import annotations

from negotiator.db import db
from negotiator.notifications.models import OutgoingMail
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


def test_mail_waits_untried_until_a_relay_is_configured(app, world):
    """Before the administrator sets up the relay (as in `make run`'s demo) nothing is tried
    and nothing fails: the mails wait, and go once there is a relay."""
    from negotiator.notifications import delivery
    from negotiator.notifications.models import MailSettings
    from tests.notifications.conftest import give_addresses, mail_statuses
    from tests.notifications.helpers import deliver_outbox, received_by
    from tests.notifications.relay import Relay
    from tests.notifications.test_delivery import COUNCIL, _notify_council

    give_addresses(app)
    _notify_council(app, world)
    deliver_outbox(app)  # as a consumer would, with no relay configured
    with app.app_context():
        assert delivery.sweep() == 0
        assert set(db.session.scalars(db.select(OutgoingMail.attempts))) == {0}
    assert mail_statuses(app) == {"pending": 5}
    with Relay() as relay:
        with app.app_context():
            db.session.add(MailSettings(id=1, host="127.0.0.1", port=relay.port, security="none"))
            db.session.commit()
        deliver_outbox(app)
        assert mail_statuses(app) == {"sent": 5}
        assert received_by(relay) == dict.fromkeys(COUNCIL, 1)
