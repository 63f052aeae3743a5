"""Delivering the outbox: claim with a lease, send, mark sent; retries with exponential backoff.

Exactly once, as far as SMTP allows: a consumer claims a mail (status "sending", a lease and a
claim token) before it talks to the relay, and marks it "finishing" — committed — just before
it sends the end of DATA. A consumer that dies before that point leaves a "sending" row whose
lease runs out; the mail is then sent again, and the relay never held the first copy. One that
dies after it leaves a "finishing" row: the relay may or may not have accepted the message, so
it becomes "unknown", is never resent by itself, and the administrator decides (retry button).
That one round trip is the only window where we prefer at-most-once to a duplicate.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app

from negotiator.db import db, utcnow
from negotiator.jobs.registry import on_startup, task
from negotiator.notifications import mail, smtp
from negotiator.notifications.models import MailSettings, MailStatus, OutgoingMail

log = logging.getLogger(__name__)
S = MailStatus


def _config(name: str, default: float) -> float:
    return float(current_app.config.get(name, default))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=_config("MAIL_LEASE_SECONDS", 120))


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt `attempts + 1`: base, 2×base, 4×base … capped at one hour."""
    base = _config("MAIL_RETRY_BASE_SECONDS", 30)
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def claim(mail_id: int, now: dt.datetime) -> str | None:
    """Take the mail if it is due (or its last claim expired); commit; return the claim token."""
    token = secrets.token_hex(16)
    due = sa.or_(
        sa.and_(OutgoingMail.status == S.PENDING, OutgoingMail.next_attempt_at <= now),
        sa.and_(OutgoingMail.status == S.SENDING, OutgoingMail.lease_until < now),
    )
    result = db.session.execute(
        sa.update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, due)
        .values(
            status=S.SENDING.value,
            claim_token=token,
            lease_until=now + lease(),
            attempts=OutgoingMail.attempts + 1,
        )
    )
    db.session.commit()
    return token if result.rowcount == 1 else None


# When an open mail is next due: a pending one at its next attempt, a claimed one when the claim's
# lease runs out (its consumer may be gone).
_OPEN = [S.PENDING.value, S.SENDING.value, S.FINISHING.value]
_due_at = sa.case(
    (OutgoingMail.status == S.PENDING, OutgoingMail.next_attempt_at), else_=OutgoingMail.lease_until
)


class LeaseLost(Exception):
    """Another consumer took the mail over (our lease ran out): stop before the end of DATA."""


def _set(mail_id: int, token: str, from_status: tuple[MailStatus, ...], **values: object) -> bool:
    result = db.session.execute(
        sa.update(OutgoingMail)
        .where(
            OutgoingMail.id == mail_id,
            OutgoingMail.claim_token == token,
            OutgoingMail.status.in_([s.value for s in from_status]),
        )
        .values(**values)
    )
    db.session.commit()
    return result.rowcount == 1


@task("mail.deliver")
def deliver(mail_id: int) -> None:
    """Send one mail from the outbox, if it is still due and nobody else holds it."""
    if not mail.settings().host:
        return  # no relay yet: the mail waits, untried; the sweep queues it once there is one
    now = utcnow()
    token = claim(mail_id, now)
    if token is None:
        settle(mail_id, now)
        _too_early(mail_id, now)
        return
    row = db.session.get(OutgoingMail, mail_id)
    settings = mail.settings()
    message, attempts, passed = _message(row, settings), row.attempts, []

    def point_of_no_return() -> None:
        if not _set(mail_id, token, (S.SENDING,), status=S.FINISHING.value):
            raise LeaseLost
        passed.append(True)

    try:
        timeout = _config("MAIL_SMTP_TIMEOUT", 30)
        smtp.send(settings, message, timeout=timeout, before_end_of_data=point_of_no_return)
    except LeaseLost:
        return
    except smtp.PermanentError as exc:
        _failed(mail_id, token, attempts, str(exc), permanent=True)
        return
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
        if passed and not isinstance(exc, smtplib.SMTPResponseException):
            # No answer after the end of DATA: the relay may hold the message. Never resend.
            _set(mail_id, token, (S.FINISHING,), status=S.UNKNOWN.value, last_error=error)
        else:
            _failed(mail_id, token, attempts, error, permanent=False)
        return
    sent = {"status": S.SENT.value, "sent_at": utcnow(), "last_error": ""}
    _set(mail_id, token, (S.FINISHING, S.UNKNOWN), claim_token=None, lease_until=None, **sent)


def _too_early(mail_id: int, now: dt.datetime) -> None:
    """Huey keeps schedules to the second: a job may come a little before the mail is due (its
    next attempt, or the end of a lost consumer's lease). Come back then, not with the sweep."""
    due = db.session.scalar(
        sa.select(_due_at).where(OutgoingMail.id == mail_id, OutgoingMail.status.in_(_OPEN))
    )
    if due is not None:
        due = due.replace(tzinfo=dt.UTC) if due.tzinfo is None else due  # SQLite: naive
        if due > now:
            from negotiator.jobs import enqueue

            enqueue("mail.deliver", mail_id, eta=due + dt.timedelta(seconds=1))


def _message(row: OutgoingMail, settings: MailSettings) -> EmailMessage:
    return mail.build(
        sender=settings.sender or "negotiator@localhost",
        to=row.to_address,
        to_name=row.user.display_name,
        subject=row.subject,
        text=row.body_text,
        html=row.body_html,
        msg_id=mail.message_id(row.idempotency_key),
        attachment=(
            (row.attachment_name, row.attachment_type, row.attachment)
            if row.attachment is not None
            else None
        ),
    )


def _failed(mail_id: int, token: str, attempts: int, error: str, *, permanent: bool) -> None:
    """Give up, or put the mail back with a later attempt time and schedule that attempt."""
    db.session.rollback()
    give_up = permanent or attempts >= _config("MAIL_MAX_ATTEMPTS", 8)
    when = utcnow() + backoff(attempts)
    status = S.FAILED if give_up else S.PENDING
    # A failure after the point of no return is still a failure the relay reported.
    changed = _set(
        mail_id,
        token,
        (S.SENDING, S.FINISHING),
        status=status.value,
        next_attempt_at=when,
        claim_token=None,
        lease_until=None,
        last_error=error[:2000],
    )
    log.warning("mail %s attempt %s failed: %s", mail_id, attempts, error)
    if changed and not give_up:
        from negotiator.jobs import enqueue

        enqueue("mail.deliver", mail_id, eta=when)


def settle(mail_id: int | None, now: dt.datetime) -> None:
    """A "finishing" claim whose lease ran out: the relay may have it. Mark it unknown."""
    query = sa.update(OutgoingMail).where(
        OutgoingMail.status == S.FINISHING, OutgoingMail.lease_until < now
    )
    if mail_id is not None:
        query = query.where(OutgoingMail.id == mail_id)
    db.session.execute(
        query.values(
            status=S.UNKNOWN.value,
            last_error="送信の最終段階で処理が中断されました。中継サーバーの記録を確認してください。",
        )
    )
    db.session.commit()


@on_startup
def sweep_at_start() -> int:
    """A consumer that starts queues every open mail at its due time."""
    return sweep(grace_seconds=0)


def sweep(grace_seconds: float = 60) -> int:
    """Queue every open mail whose queue entry may be lost (claims: at their lease's end).

    At a consumer's start every open mail is queued at its due time; the periodic run only
    queues those overdue by a minute, so that it does not pile up copies of healthy entries.
    """
    if not mail.settings().host:
        return 0  # nothing can be sent before the administrator configures the relay
    now = utcnow()
    grace = dt.timedelta(seconds=grace_seconds)
    settle(None, now)
    rows = db.session.execute(
        sa.select(OutgoingMail.id, _due_at)
        .where(OutgoingMail.status.in_(_OPEN))
        .where(_due_at <= now - grace if grace_seconds else sa.true())
        .order_by(OutgoingMail.id)
        .limit(5000)
    ).all()
    from negotiator.jobs import enqueue

    for mail_id, when in rows:
        when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when  # SQLite: naive
        enqueue("mail.deliver", mail_id, eta=max(when, now))
    return len(rows)


def retry(row: OutgoingMail) -> bool:
    """The administrator's retry of a failed or unknown mail: pending again, attempts reset."""
    if row.status not in (S.FAILED, S.UNKNOWN):
        return False
    row.status = S.PENDING.value
    row.attempts = 0
    row.next_attempt_at = utcnow()
    row.claim_token = None
    row.lease_until = None
    db.session.flush()
    from negotiator.notifications.services import queue_after_commit

    queue_after_commit([row.id])
    return True
