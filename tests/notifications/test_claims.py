"""A delivery job that comes before its mail is due is scheduled again for then, not left to the
once-a-minute sweep (Huey keeps schedules to the second, so a job may run a little early)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from negotiator.db import db, utcnow
from negotiator.jobs import huey_for
from negotiator.notifications import delivery
from negotiator.notifications.models import MailStatus, OutgoingMail
from tests.notifications.conftest import give_addresses, mail_statuses
from tests.notifications.test_delivery import _notify_council


def _scheduled(app) -> list[tuple[tuple, dt.datetime | None]]:  # noqa: ANN001
    """Delivery jobs waiting in the queue (a job with an ETA waits there until a consumer reads
    it and moves it to the schedule)."""
    huey = huey_for(app)
    return [(task.args, task.eta) for task in [*huey.pending(), *huey.scheduled()]]


@pytest.mark.parametrize("status", [MailStatus.SENDING, MailStatus.FINISHING])
def test_a_job_before_a_lost_claims_lease_ends_comes_back_at_its_end(app, world, relay, status):
    """A consumer claimed the mail and died; the next job for it comes before the lease ends."""
    give_addresses(app)
    _notify_council(app, world)
    with app.app_context():
        mail_id = db.session.scalar(sa.select(sa.func.min(OutgoingMail.id)))
        assert delivery.claim(mail_id, utcnow()) is not None  # the consumer that died
        db.session.execute(
            sa.update(OutgoingMail).where(OutgoingMail.id == mail_id).values(status=status)
        )
        lease_until = db.session.get(OutgoingMail, mail_id).lease_until.replace(tzinfo=None)
        db.session.commit()
        before = len(_scheduled(app))
        delivery.deliver(mail_id)  # early: the claim is still held
        db.session.commit()
        assert mail_statuses(app)[status.value] == 1
        again = _scheduled(app)[before:]
    assert [args for args, _ in again] == [(mail_id,)]
    assert again[0][1] >= lease_until.replace(microsecond=0)


def test_a_job_for_a_mail_that_is_not_open_is_not_scheduled_again(app, world, relay):
    give_addresses(app)
    _notify_council(app, world)
    with app.app_context():
        mail_id = db.session.scalar(sa.select(sa.func.min(OutgoingMail.id)))
        delivery.deliver(mail_id)
        db.session.commit()
        before = len(_scheduled(app))
        delivery.deliver(mail_id)  # a duplicate queue entry for a sent mail
        db.session.commit()
        assert len(_scheduled(app)) == before
    assert mail_statuses(app) == {"sent": 1, "pending": 4}
