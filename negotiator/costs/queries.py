"""Read side of the cost split: inputs, candidates, comparison; a fixed number of queries."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from negotiator.consortia.models import Indicator, Member
from negotiator.costs import split
from negotiator.costs.models import CostCandidate, CostCategory, CostQuote, FrozenCostTable
from negotiator.db import db
from negotiator.message import Message, say
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.queries import members_of

NOT_COMPUTED = say("この入力では計算できませんでした")


@dataclasses.dataclass(frozen=True)
class Workspace:
    """Everything the cost-split pages read: ORM rows and the pure inputs built from them."""

    members: list[Member]
    categories: list[CostCategory]
    quotes: list[CostQuote]
    indicators: list[Indicator]
    inputs: split.Inputs


def workspace(item: AgendaItem) -> Workspace:
    """Members, categories, quotes and indicators of the item's council (four statements)."""
    members = members_of(item.negotiation.consortium_id)
    categories = list(
        db.session.scalars(
            sa.select(CostCategory)
            .where(CostCategory.item_id == item.id)
            .order_by(CostCategory.sort_order, CostCategory.id)
        )
    )
    quotes = list(
        db.session.scalars(
            sa.select(CostQuote)
            .join(CostCategory)
            .where(CostCategory.item_id == item.id)
            .order_by(CostQuote.id)
        )
    )
    indicators = list(
        db.session.scalars(
            sa.select(Indicator)
            .where(Indicator.member_id.in_([m.id for m in members]))
            .order_by(Indicator.id)
        )
    )
    return Workspace(
        members,
        categories,
        quotes,
        indicators,
        build_inputs(members, categories, quotes, indicators),
    )


def build_inputs(
    members: list[Member],
    categories: list[CostCategory],
    quotes: list[CostQuote],
    indicators: list[Indicator],
) -> split.Inputs:
    """The pure inputs: members in agreement order, categories, indicators by key, quotes."""
    by_key: dict[str, list[Indicator]] = defaultdict(list)
    for row in indicators:
        by_key[row.key].append(row)
    refs = {key: _indicator_ref(key, rows) for key, rows in by_key.items()}
    member_ids = {m.id for m in members}
    quoted: dict[int, dict[frozenset[int], int]] = defaultdict(dict)
    for quote in quotes:
        if quote.member_ids <= member_ids:  # a quote naming a member no longer there is ignored
            quoted[quote.category_id][quote.member_ids] = quote.amount
    return split.Inputs(
        members=tuple(split.MemberRef(m.id, m.name, m.party_label or "") for m in members),
        categories=tuple(split.CategoryRef(c.id, c.name, c.amount) for c in categories),
        indicators=refs,
        quotes=dict(quoted),
    )


def _indicator_ref(key: str, rows: list[Indicator]) -> split.IndicatorRef:
    first = rows[0]
    return split.IndicatorRef(
        key=key,
        label=first.label,
        unit=first.unit,
        values={r.member_id: Decimal(r.value) for r in rows},
        reference_date=first.reference_date,
        source=first.source,
        illustrative=any(r.illustrative for r in rows),
    )


def candidates(item: AgendaItem) -> list[CostCandidate]:
    return list(
        db.session.scalars(
            sa.select(CostCandidate)
            .where(CostCandidate.item_id == item.id)
            .order_by(CostCandidate.id)
        )
    )


def frozen_tables(item: AgendaItem) -> list[FrozenCostTable]:
    return list(
        db.session.scalars(
            sa.select(FrozenCostTable)
            .where(FrozenCostTable.item_id == item.id)
            .order_by(FrozenCostTable.revision_number.desc())
        )
    )


def spec_of(candidate: CostCandidate) -> split.Spec:
    return split.Spec(candidate.method, candidate.params or {}, candidate.remainder_rule)


@dataclasses.dataclass(frozen=True)
class Column:
    """One candidate in the comparison: its table, or the reason it cannot be computed."""

    candidate: CostCandidate
    formula: Message
    table: dict[str, Any] | None
    error: Message | None = None


def comparison(inputs: split.Inputs, rows: list[CostCandidate]) -> list[Column]:
    """Every candidate computed against the current inputs; no database access."""
    columns = []
    for candidate in rows:
        spec = spec_of(candidate)
        try:
            table = split.compute(inputs, spec)
        except split.CostInputError as error:
            columns.append(Column(candidate, split.formula(spec, inputs), None, error.msg))
        except ArithmeticError:  # the nucleolus LP could not be confirmed exactly
            columns.append(Column(candidate, split.formula(spec, inputs), None, NOT_COMPUTED))
        else:
            columns.append(Column(candidate, split.formula(spec, inputs), table))
    return columns
