"""Consortia, their member municipalities, indicators and who holds which role."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow


class Role(enum.StrEnum):
    FACILITATOR = "facilitator"
    LIAISON = "liaison"
    SIGNATORY = "signatory"
    OBSERVER = "observer"

    @property
    def needs_member(self) -> bool:
        return self in (Role.LIAISON, Role.SIGNATORY)


class MemberKind(enum.StrEnum):
    CITY = "city"  # 市
    TOWN = "town"  # 町
    VILLAGE = "village"  # 村
    OTHER = "other"  # 一部事務組合など


class Consortium(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # 署名の前に決裁の記録を必要とする: no party signs before its 決裁 of that text is recorded.
    approval_required: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    members: Mapped[list[Member]] = relationship(
        back_populates="consortium", order_by="Member.sort_order, Member.id"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="consortium")

    __mapper_args__ = {"version_id_col": version}


class Member(db.Model):
    """A municipality taking part in one consortium; the party that holds positions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(16), default=MemberKind.TOWN.value)
    party_label: Mapped[str | None] = mapped_column(sa.String(16))
    representative_title: Mapped[str] = mapped_column(sa.String(100), default="")
    representative_name: Mapped[str] = mapped_column(sa.String(100), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    # Membership dates: founding members have no joined_on; a member that left is kept (its
    # positions, signatures and cost shares stay in the record) but is a party of no new version.
    joined_on: Mapped[dt.date | None]
    left_on: Mapped[dt.date | None]
    leave_reason: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    consortium: Mapped[Consortium] = relationship(back_populates="members")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="Indicator.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("consortium_id", "name"),
        sa.UniqueConstraint("consortium_id", "party_label"),
        # Target of composite keys that keep a member inside its own consortium.
        sa.UniqueConstraint("id", "consortium_id"),
        enum_check("kind", MemberKind),
        sa.CheckConstraint(
            "joined_on IS NULL OR left_on IS NULL OR joined_on <= left_on",
            name="joined_before_left",
        ),
    )

    @property
    def has_left(self) -> bool:
        """Leaving recorded: no longer a party of new versions, asked for no new positions."""
        return self.left_on is not None


class Indicator(db.Model):
    """A figure about a member (population, users …) with where and when it was taken."""

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(100))
    value: Mapped[Decimal] = mapped_column(sa.Numeric(18, 4))
    unit: Mapped[str] = mapped_column(sa.String(20), default="")
    reference_date: Mapped[str] = mapped_column(sa.String(40), default="")
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    illustrative: Mapped[bool] = mapped_column(default=False)

    member: Mapped[Member] = relationship(back_populates="indicators")

    __table_args__ = (
        sa.UniqueConstraint("member_id", "key"),
        sa.CheckConstraint("value >= 0", name="value_non_negative"),
    )


class Membership(db.Model):
    """A user's role in a consortium; liaisons and signatories act for one member."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortium.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    member_id: Mapped[int | None] = mapped_column(index=True)

    user: Mapped[User] = relationship(back_populates="memberships")  # noqa: F821
    consortium: Mapped[Consortium] = relationship(back_populates="memberships")
    # Joined on member_id alone: the composite key also covers consortium_id, which the
    # `consortium` relationship owns; clearing `member` must not clear the consortium.
    member: Mapped[Member | None] = relationship(
        primaryjoin="foreign(Membership.member_id) == Member.id"
    )

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["member_id", "consortium_id"], ["member.id", "member.consortium_id"]
        ),
        enum_check("role", Role),
        sa.CheckConstraint(
            "(role IN ('liaison', 'signatory')) = (member_id IS NOT NULL)",
            name="member_iff_member_role",
        ),
        sa.UniqueConstraint("user_id", "consortium_id", "role", "member_id"),
    )

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
