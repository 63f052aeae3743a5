"""Negotiations, agenda items, proposal revisions, positions and state changes."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow
from negotiator.negotiation.rules import Rule, Stance
from negotiator.negotiation.workflow import State


class Category(enum.StrEnum):
    ACCESS_CONTROL = "access_control"
    REMOTE_ACCESS = "remote_access"
    COST_SPLIT = "cost_split"
    OPERATIONS = "operations"
    SECURITY = "security"
    OTHER = "other"


class Source(enum.StrEnum):
    APP = "app"  # typed into this app by the member's liaison or the facilitator
    MEETING = "meeting"
    EMAIL = "email"
    DOCUMENT = "document"
    PHONE = "phone"
    ROUND = "round"
    OTHER = "other"


class Negotiation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    decision_rule: Mapped[str] = mapped_column(sa.String(16), default=Rule.UNANIMITY.value)
    deemed_consent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    consortium = relationship("Consortium")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="negotiation", order_by="AgendaItem.number"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("consortium_id", "title"),
        enum_check("decision_rule", Rule),
    )


class AgendaItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(sa.ForeignKey("negotiation.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str] = mapped_column(sa.String(32))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    proposing_member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id"))
    # NULL means "as the negotiation says".
    rule_override: Mapped[str | None] = mapped_column(sa.String(16))
    deemed_consent_override: Mapped[bool | None]
    state: Mapped[str] = mapped_column(sa.String(16), default=State.PROPOSED.value)
    # A facilitator's explicit note that the item was discussed (until meetings record it).
    discussed_note: Mapped[str | None] = mapped_column(sa.Text)
    current_revision: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    negotiation: Mapped[Negotiation] = relationship(back_populates="items")
    proposing_member = relationship("Member")
    revisions: Mapped[list[ProposalRevision]] = relationship(
        back_populates="item", order_by="ProposalRevision.number"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("negotiation_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint("current_revision >= 0", name="revision_non_negative"),
        enum_check("category", Category),
        enum_check("state", State),
        sa.CheckConstraint(
            "rule_override IS NULL OR rule_override IN ('unanimity', 'consent')",
            name="rule_override_valid",
        ),
    )


class ProposalRevision(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    change_note: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="revisions")
    author = relationship("User")

    __table_args__ = (
        sa.UniqueConstraint("item_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )


class Position(db.Model):
    """A member's stance on one revision; never updated, a newer one supersedes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal_revision.id"))
    revision_number: Mapped[int]
    stance: Mapped[str] = mapped_column(sa.String(16))
    statement: Mapped[str] = mapped_column(sa.Text, default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    source: Mapped[str] = mapped_column(sa.String(16))
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    # True when a facilitator recorded it for the member rather than the member's own liaison.
    on_behalf: Mapped[bool] = mapped_column(default=False)
    # Stated at this meeting (from the floor) or given in this written round, if any.
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("written_round.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    member = relationship("Member")
    recorded_by = relationship("User")
    conditions: Mapped[list[PositionCondition]] = relationship(
        back_populates="position", order_by="PositionCondition.id"
    )

    __table_args__ = (
        enum_check("stance", Stance),
        enum_check("source", Source),
        sa.CheckConstraint("stance <> 'object' OR length(reason) > 0", name="objection_has_reason"),
        sa.Index("ix_position_item_member", "item_id", "member_id", "id"),
    )


class PositionCondition(db.Model):
    """One condition attached to a 条件付賛成; can be marked cleared later."""

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("position.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    cleared_at: Mapped[dt.datetime | None]
    cleared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    position: Mapped[Position] = relationship(back_populates="conditions")
    cleared_by = relationship("User")

    __table_args__ = (
        sa.CheckConstraint("length(text) > 0", name="text_not_empty"),
        sa.CheckConstraint(
            "(cleared_at IS NULL) = (cleared_by_id IS NULL)", name="cleared_with_who"
        ),
    )


class StateChange(db.Model):
    """One move of an item between states, with who, when and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    from_state: Mapped[str] = mapped_column(sa.String(16))
    to_state: Mapped[str] = mapped_column(sa.String(16))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    # The meeting that decided this move, if it was made from a meeting's page.
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    actor = relationship("User")

    __table_args__ = (
        sa.CheckConstraint("from_state <> to_state", name="moves"),
        sa.CheckConstraint(
            "to_state IN ('proposed', 'discussed', 'agreed', 'withdrawn')", name="to_state_valid"
        ),
    )


NOTE_LENGTH = 4000


class MemberNote(db.Model):
    """A member's own note on an item (内部メモ: its limits, internal remarks). Only the member's
    liaisons and signatories read it; never the facilitator or another member, never an export.
    Append-only: a correction is a new note, so nothing a town wrote is lost."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    revision_number: Mapped[int]  # the proposal's revision when it was written
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author = relationship("User")

    __table_args__ = (
        sa.Index("ix_member_note_item_id_member_id", "item_id", "member_id"),
        sa.CheckConstraint(f"length(body) BETWEEN 1 AND {NOTE_LENGTH}", name="body_length"),
        sa.CheckConstraint("revision_number >= 1", name="revision_positive"),
    )
