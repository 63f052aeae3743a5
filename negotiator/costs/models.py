"""Cost split of a cost-split item: categories, quotes, candidates and frozen tables."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow


class Method(enum.StrEnum):
    EQUAL = "equal"
    PROPORTIONAL = "proportional"
    MIX = "mix"
    MANUAL = "manual"
    SCRB = "scrb"
    SHAPLEY = "shapley"
    NUCLEOLUS = "nucleolus"


class RemainderRule(enum.StrEnum):
    LEAD = "lead"
    LARGEST = "largest"
    LARGEST_REMAINDER = "largest_remainder"


class CostCategory(db.Model):
    """One cost to split (初期費用, 年間運用費 …), in whole yen."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    sort_order: Mapped[int] = mapped_column(default=0)
    illustrative: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)

    quotes: Mapped[list[CostQuote]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="CostQuote.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("item_id", "name"),
        sa.CheckConstraint("amount >= 0", name="amount_non_negative"),
    )


class CostQuote(db.Model):
    """What a coalition of members would pay for a category on its own (a vendor quote).

    ``coalition`` holds the member ids, sorted and comma-separated ("3,5"): one row per group.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("cost_category.id"), index=True)
    coalition: Mapped[str] = mapped_column(sa.String(400))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    illustrative: Mapped[bool] = mapped_column(default=False)

    category: Mapped[CostCategory] = relationship(back_populates="quotes")

    __table_args__ = (
        sa.UniqueConstraint("category_id", "coalition"),
        sa.CheckConstraint("amount >= 0", name="amount_non_negative"),
    )

    @property
    def member_ids(self) -> frozenset[int]:
        return frozenset(int(part) for part in self.coalition.split(","))


def coalition_key(member_ids: frozenset[int] | set[int]) -> str:
    return ",".join(str(i) for i in sorted(member_ids))


class CostCandidate(db.Model):
    """A named way to split the item's costs that the council keeps, compares and discusses."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    method: Mapped[str] = mapped_column(sa.String(20))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    remainder_rule: Mapped[str] = mapped_column(sa.String(20), default=RemainderRule.LEAD.value)
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    # True when a liaison suggested it; facilitators' own candidates are not suggestions.
    suggested: Mapped[bool] = mapped_column(default=False)
    illustrative: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    author = relationship("User")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("item_id", "name"),
        enum_check("method", Method),
        enum_check("remainder_rule", RemainderRule),
        sa.CheckConstraint(
            "method <> 'manual' OR length(rationale) > 0", name="manual_has_rationale"
        ),
    )


class FrozenCostTable(db.Model):
    """The exact table a proposal revision put to the members; written once, never changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal_revision.id"), unique=True)
    revision_number: Mapped[int]
    candidate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cost_candidate.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    # Inputs, method, weights, remainder rule, shares and yen (negotiator.costs.split.compute).
    data: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
