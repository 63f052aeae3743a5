"""Meetings, their agenda, attendance, minutes, action items, and written rounds (書面協議)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow
from negotiator.meetings.round_states import (
    EndCause,
    ItemResult,
    RoundState,
    accepts_answers,
    deems_consent,
)


class Mode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Status(enum.StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CONFIRMED = "confirmed"  # every member confirmed the minutes; locked
    CANCELLED = "cancelled"  # called off before it was held, with a reason; read-only


class Presence(enum.StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"
    ABSENT = "absent"


class Rsvp(enum.StrEnum):
    """A member's answer before a meeting (出欠回答)."""

    ATTEND = "attend"
    ABSENT = "absent"
    PROXY = "proxy"  # someone else attends in the usual person's place (代理出席)


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


class Answer(enum.StrEnum):
    CONFIRM = "confirm"
    CORRECTION = "correction"


class Meeting(db.Model):
    """第N回協議会: a meeting of the council (consortium); its agenda takes items from any of
    the council's negotiations and free entries. The draft minutes live here and on the entries."""

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    mode: Mapped[str] = mapped_column(sa.String(16), default=Mode.IN_PERSON.value)
    status: Mapped[str] = mapped_column(sa.String(16), default=Status.SCHEDULED.value)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Number of the last published minutes revision; 0 while unpublished.
    minutes_revision: Mapped[int] = mapped_column(default=0)
    minutes_saved_at: Mapped[dt.datetime | None]
    # The agenda as last published to the members (digest of its items in order) and how often.
    agenda_published_at: Mapped[dt.datetime | None]
    agenda_publish_count: Mapped[int] = mapped_column(default=0)
    agenda_digest: Mapped[str] = mapped_column(sa.String(64), default="")
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    consortium = relationship("Consortium")
    agenda: Mapped[list[MeetingItem]] = relationship(
        back_populates="meeting", order_by="MeetingItem.sort_order, MeetingItem.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("consortium_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("minutes_revision >= 0", name="revision_non_negative"),
        sa.CheckConstraint("agenda_publish_count >= 0", name="publish_count_non_negative"),
        sa.CheckConstraint(
            "(status = 'cancelled') = (cancelled_at IS NOT NULL)", name="cancelled_when"
        ),
        sa.CheckConstraint(
            "status != 'cancelled' OR length(cancel_reason) > 0", name="cancel_has_reason"
        ),
        enum_check("mode", Mode),
        enum_check("status", Status),
    )


ENTRY_TITLE_LIMIT = 200
ENTRY_NOTE_LIMIT = 2000


class MeetingItem(db.Model):
    """An entry on a meeting's agenda, with the minutes' notes about it: an item of one of the
    council's negotiations, or a free entry (報告事項 and the like: a title, an optional note,
    no positions)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    # A free entry's title and the note shown with it on the agenda; empty for an item's entry.
    title: Mapped[str] = mapped_column(sa.String(ENTRY_TITLE_LIMIT), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    item = relationship("AgendaItem")

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "item_id"),
        # Either an item (titled by the item) or a free entry with a title of its own.
        sa.CheckConstraint("(item_id IS NULL) = (length(title) > 0)", name="item_or_title"),
        sa.CheckConstraint("item_id IS NULL OR note = ''", name="note_only_free"),
        sa.CheckConstraint(f"length(note) <= {ENTRY_NOTE_LIMIT}", name="note_length"),
    )

    @property
    def heading(self) -> str:
        """What the agenda says: 「3. 費用負担」 for an item, the title for a free entry."""
        return f"{self.item.number}. {self.item.title}" if self.item else self.title


class Attendance(db.Model):
    """Who came for one member: names and titles, in person, remote, or absent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    presence: Mapped[str] = mapped_column(sa.String(16))
    attendees: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "member_id"),
        enum_check("presence", Presence),
    )


ATTENDEES_LIMIT = 1000  # names and titles of who comes; a few lines, never an essay
RSVP_NOTE_LIMIT = 1000


class AttendanceAnswer(db.Model):
    """A member's 出欠回答 before a meeting, by its liaison or a facilitator on its behalf;
    changeable until the meeting starts. Attendance on the day is recorded apart (Attendance)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    answer: Mapped[str] = mapped_column(sa.String(16))
    attendees: Mapped[str] = mapped_column(sa.Text, default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    on_behalf: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    member = relationship("Member")
    answered_by = relationship("User")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "member_id"),
        enum_check("answer", Rsvp),
        # Whoever comes is named; an absence names nobody.
        sa.CheckConstraint("(answer = 'absent') = (attendees = '')", name="attendees_iff_coming"),
        sa.CheckConstraint(f"length(attendees) <= {ATTENDEES_LIMIT}", name="attendees_length"),
        sa.CheckConstraint(f"length(note) <= {RSVP_NOTE_LIMIT}", name="note_length"),
    )


class ActionItem(db.Model):
    """Something a member must do; carried onto the council's later agendas until done.

    It belongs to the council like the meeting that gave it: a task from a 報告事項 or from
    several subjects at once has no single negotiation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    description: Mapped[str] = mapped_column(sa.Text)
    owner_member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    due_date: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(sa.String(16), default=ActionStatus.OPEN.value)
    done_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    owner = relationship("Member")
    meeting = relationship("Meeting")

    __table_args__ = (
        enum_check("status", ActionStatus),
        sa.CheckConstraint("length(description) > 0", name="description_not_empty"),
        sa.CheckConstraint("(status = 'done') = (done_at IS NOT NULL)", name="done_with_when"),
    )


class MinutesRevision(db.Model):
    """A published version of a meeting's minutes, frozen as it was shown to the members."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    number: Mapped[int]
    content: Mapped[dict[str, Any]]
    change_note: Mapped[str] = mapped_column(sa.Text, default="")
    published_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    published_by = relationship("User")

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )


class MinutesConfirmation(db.Model):
    """A member's answer on one minutes revision: confirmed, or a correction requested."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    revision_number: Mapped[int]
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    answer: Mapped[str] = mapped_column(sa.String(16))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    member = relationship("Member")
    user = relationship("User")

    __table_args__ = (
        enum_check("answer", Answer),
        sa.CheckConstraint(
            "answer = 'confirm' OR length(comment) > 0", name="correction_has_comment"
        ),
    )


class MinutesSigner(db.Model):
    """議事録署名人: a member designated to sign the minutes. When any are designated, their
    liaisons' confirmations lock the minutes instead of every member's."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    designated_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    designated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    member = relationship("Member")

    __table_args__ = (sa.UniqueConstraint("meeting_id", "member_id"),)


class WrittenRound(db.Model):
    """書面協議: items settled in writing by a deadline (stored in UTC); states in round_states."""

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(sa.ForeignKey("negotiation.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    deadline: Mapped[dt.datetime]
    opened_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(sa.String(16), default=RoundState.OPEN.value, index=True)
    closed_at: Mapped[dt.datetime | None]
    end_cause: Mapped[str | None] = mapped_column(sa.String(16))
    # NULL when the app ended the round by itself (deadline, or every item superseded).
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # Why it was cancelled (required) or superseded.
    end_reason: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    negotiation = relationship("Negotiation")
    closed_by = relationship("User", foreign_keys=[closed_by_id])
    items: Mapped[list[RoundItem]] = relationship(back_populates="round", order_by="RoundItem.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("negotiation_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        enum_check("state", RoundState),
        sa.CheckConstraint("(state = 'open') = (closed_at IS NULL)", name="closed_when_ended"),
        sa.CheckConstraint("(state = 'open') = (end_cause IS NULL)", name="cause_when_ended"),
        enum_check("end_cause", EndCause),
        sa.CheckConstraint(
            "state != 'cancelled' OR length(end_reason) > 0", name="cancel_has_reason"
        ),
    )

    @property
    def round_state(self) -> RoundState:
        return RoundState(self.state)

    def is_closed(self, now: dt.datetime) -> bool:
        """No more answers: ended, or its deadline (itself closed) has come."""
        return not accepts_answers(self.round_state, as_utc(self.deadline), now)

    def deems_consent(self, now: dt.datetime) -> bool:
        closed_at = as_utc(self.closed_at) if self.closed_at else None
        return deems_consent(self.round_state, as_utc(self.deadline), closed_at, now)


class RoundItem(db.Model):
    """An item put to a written round, on the revision that was current when it opened."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("written_round.id"), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    revision_number: Mapped[int]
    # NULL while the round runs; recorded when the item is superseded or the round closes.
    result: Mapped[str | None] = mapped_column(sa.String(16))

    round: Mapped[WrittenRound] = relationship(back_populates="items")
    item = relationship("AgendaItem")
    deemed: Mapped[list[DeemedConsent]] = relationship(order_by="DeemedConsent.id")

    __table_args__ = (
        sa.UniqueConstraint("round_id", "item_id"),
        sa.CheckConstraint(
            "result IS NULL OR result IN (" + ", ".join(f"'{r.value}'" for r in ItemResult) + ")",
            name="result_valid",
        ),
    )


class DeemedConsent(db.Model):
    """A member deemed to consent (みなし同意) to a round item when the round closed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_item_id: Mapped[int] = mapped_column(sa.ForeignKey("round_item.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))

    member = relationship("Member")

    __table_args__ = (sa.UniqueConstraint("round_item_id", "member_id"),)


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
