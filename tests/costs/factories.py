"""Cost-split test data: a cost-split item with indicators, categories, quotes, candidates."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import sqlalchemy as sa
from flask import Flask

from negotiator.auth.models import User
from negotiator.consortia.models import Indicator, Member
from negotiator.costs import services
from negotiator.costs.models import CostCandidate, CostCategory
from negotiator.db import db
from negotiator.negotiation.models import Negotiation
from tests.factories import World, make_item

POPULATION = (20590, 6002, 15607)
USERS = (420, 190, 390)
ALONE = (7_000_000, 3_600_000, 6_500_000)
PAIRS = (9_500_000, 10_500_000, 9_000_000)  # 甲乙, 甲丙, 乙丙


@dataclasses.dataclass
class CostWorld:
    item_id: int
    category_id: int
    candidate_ids: dict[str, int]


def members(world: World) -> list[Member]:
    return list(
        db.session.scalars(
            sa.select(Member).where(Member.id.in_(world.member_ids)).order_by(Member.sort_order)
        )
    )


def add_indicators(world: World) -> None:
    for member, pop, users in zip(members(world), POPULATION, USERS, strict=True):
        member.indicators.append(
            Indicator(
                key="population",
                label="人口",
                value=Decimal(pop),
                unit="人",
                reference_date="2020-10-01",
                source="2020年国勢調査",
            )
        )
        member.indicators.append(
            Indicator(key="users", label="利用者数", value=Decimal(users), unit="人")
        )
    db.session.flush()


def facilitator() -> User:
    return db.session.scalar(sa.select(User).where(User.username == "facilitator"))


def build_costs(app: Flask, world: World, *, quotes: bool = True) -> CostWorld:
    """A cost-split item with one category of 12,000,000 yen and a few candidates."""
    with app.app_context():
        add_indicators(world)
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        item = make_item(negotiation, "費用負担の方法", category="cost_split")
        category = services.save_category(
            item, None, {"name": "初期費用", "amount": 12_000_000}, None
        )
        if quotes:
            add_quotes(world, category)
        mix = {"weights": {str(category.id): {"equal": "10", "population": "45", "users": "45"}}}
        specs = [
            ("均等割", "equal", {}),
            ("人口割", "proportional", {"indicator": "population"}),
            ("組合せ", "mix", mix),
        ]
        if quotes:
            specs.append(("シャープレイ値", "shapley", {}))
        ids = {}
        for name, method, params in specs:
            data = {
                "name": name,
                "method": method,
                "params": params,
                "remainder_rule": "lead",
                "rationale": "",
            }
            ids[name] = services.save_candidate(item, None, data, facilitator()).id
        db.session.commit()
        return CostWorld(item.id, category.id, ids)


def add_quotes(world: World, category: CostCategory) -> None:
    ids = [m.id for m in members(world)]
    item = category_item(category)
    amounts = {frozenset({i}): q for i, q in zip(ids, ALONE, strict=True)}
    for (a, b), q in zip([(0, 1), (0, 2), (1, 2)], PAIRS, strict=True):
        amounts[frozenset({ids[a], ids[b]})] = q
    services.save_quotes(item, category, amounts)


def category_item(category: CostCategory):  # noqa: ANN201
    from negotiator.negotiation.models import AgendaItem

    return db.session.get(AgendaItem, category.item_id)


def candidate(candidate_id: int) -> CostCandidate:
    return db.session.get(CostCandidate, candidate_id)


def propose_first(app: Flask, cw: CostWorld) -> int:
    """Turn the equal-split candidate into a proposal; returns the frozen table's id."""
    from negotiator.negotiation.models import AgendaItem

    with app.app_context():
        item = db.session.get(AgendaItem, cw.item_id)
        table = services.propose(
            item, candidate(cw.candidate_ids["均等割"]), facilitator(), item.current_revision
        )
        db.session.commit()
        return table.id
