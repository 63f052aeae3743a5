"""Notifications, the mail outbox, preferences, follows and the SMTP relay settings."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow


class Kind(enum.StrEnum):
    """What a notification is about; each kind has its own preference.

    Every kind the issue names is listed now, so that wiring a later event needs no migration.
    """

    ITEM_NEW = "item_new"
    ITEM_REVISED = "item_revised"
    POSITION = "position"
    OBJECTION = "objection"
    STATE_CHANGE = "state_change"
    MEETING = "meeting"
    AGENDA = "agenda"
    MINUTES = "minutes"
    ROUND_OPENED = "round_opened"
    ROUND_REMINDER = "round_reminder"
    ROUND_CLOSED = "round_closed"
    SIGNATURE = "signature"
    SIGNED = "signed"
    APPROVAL = "approval"
    ACTION_DUE = "action_due"
    MENTION = "mention"  # a comment on an item names the user's member


class Mode(enum.StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"


class Delivery(enum.StrEnum):
    NONE = "none"  # in the app only (mail off, or no address)
    MAIL = "mail"  # its own mail
    DIGEST = "digest"  # waits for the daily digest


class MailStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for (another) attempt at next_attempt_at
    SENDING = "sending"  # claimed by a consumer until lease_until; nothing final sent yet
    FINISHING = "finishing"  # the end of DATA is going out: the relay may have accepted it
    SENT = "sent"
    FAILED = "failed"  # gave up (permanent refusal or too many attempts)
    UNKNOWN = "unknown"  # a consumer died while finishing: maybe sent; never resent by itself


class Notification(db.Model):
    """One event for one recipient, written in the same transaction as the change."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(sa.String(24))
    event_key: Mapped[str] = mapped_column(sa.String(120))
    consortium_id: Mapped[int | None] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    # What the message says, rendered in the reader's language when shown.
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    path: Mapped[str] = mapped_column(sa.String(500))
    delivery: Mapped[str] = mapped_column(sa.String(8), default=Delivery.NONE.value)
    mail_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outgoing_mail.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]

    mail: Mapped[OutgoingMail | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("user_id", "event_key"),
        sa.Index("ix_notification_user_read", "user_id", "read_at"),
        enum_check("kind", Kind),
        enum_check("delivery", Delivery),
    )


class OutgoingMail(db.Model):
    """A message in the outbox; `idempotency_key` makes one event one mail per recipient."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    # One optional attachment (a meeting's .ics); the type may carry parameters (method=…).
    attachment_name: Mapped[str | None] = mapped_column(sa.String(100))
    attachment_type: Mapped[str | None] = mapped_column(sa.String(100))
    attachment: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    status: Mapped[str] = mapped_column(sa.String(12), default=MailStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[dt.datetime | None]
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]

    user = relationship("User")

    __table_args__ = (
        sa.Index("ix_outgoing_mail_status_due", "status", "next_attempt_at"),
        enum_check("status", MailStatus),
        sa.CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_when_sent"),
        sa.CheckConstraint(
            "(attachment IS NULL) = (attachment_type IS NULL) AND "
            "(attachment IS NULL) = (attachment_name IS NULL)",
            name="attachment_complete",
        ),
        sa.CheckConstraint(
            "status NOT IN ('sending', 'finishing') OR "
            "(lease_until IS NOT NULL AND claim_token IS NOT NULL)",
            name="claimed_with_lease",
        ),
    )


class Preference(db.Model):
    """How one user wants one kind delivered; no row means immediately."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(sa.String(24))
    mode: Mapped[str] = mapped_column(sa.String(12))

    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind"),
        enum_check("kind", Kind),
        enum_check("mode", Mode),
    )


class Follow(db.Model):
    """A user who wants to hear about positions on an item."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("user_id", "item_id"),)


class Security(enum.StrEnum):
    NONE = "none"
    STARTTLS = "starttls"


class MailSettings(db.Model):
    """The SMTP relay (one row). LGWAN relays are plain internal hosts, often without login.

    The address users open the app at is not here: PUBLIC_URL in the configuration is the one
    source for links in mails and in calendar files alike."""

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(sa.String(255), default="")
    port: Mapped[int] = mapped_column(default=25)
    security: Mapped[str] = mapped_column(sa.String(12), default=Security.NONE.value)
    username: Mapped[str] = mapped_column(sa.String(255), default="")
    # Encrypted (notifications/secret.py); never shown back in the form.
    password: Mapped[str] = mapped_column(sa.String(500), default="")
    sender: Mapped[str] = mapped_column(sa.String(254), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("port BETWEEN 1 AND 65535", name="port_range"),
        enum_check("security", Security),
    )
