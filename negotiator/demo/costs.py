"""Cost split of the demo's 「費用負担の方法」 item: costs, quotes and candidates.

Every amount and quote here is invented for the demo and marked illustrative in the UI; the
population (2020 census) the 人口割 candidates use is published.
"""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.costs import services
from negotiator.costs.models import CostCategory
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Category, Negotiation

# name, amount, stand-alone quotes (須崎市, 中土佐町, 四万十町), pair quotes (甲乙, 甲丙, 乙丙)
CATEGORIES = [
    ("初期費用", 12_000_000, (7_000_000, 3_600_000, 6_500_000), (9_500_000, 10_500_000, 9_000_000)),
    ("年間運用費", 4_800_000, (2_800_000, 1_500_000, 2_600_000), (3_900_000, 4_300_000, 3_700_000)),
]
ILLUSTRATIVE = "(例示: 架空の見積に基づく)"


def _mix(categories: list[CostCategory], weights: dict[str, str]) -> dict:
    return {"weights": {str(c.id): dict(weights) for c in categories}}


def load_costs(negotiation: Negotiation) -> None:
    """Give the negotiation's cost-split item its categories, quotes and four+ candidates."""
    item = db.session.scalar(
        sa.select(AgendaItem).where(
            AgendaItem.negotiation_id == negotiation.id,
            AgendaItem.category == Category.COST_SPLIT.value,
        )
    )
    facilitator = db.session.scalar(sa.select(User).where(User.username == "jimukyoku"))
    if item is None or facilitator is None:
        return
    members = list(
        db.session.scalars(
            sa.select(Member)
            .where(Member.consortium_id == negotiation.consortium_id)
            .order_by(Member.sort_order, Member.id)
        )
    )
    with acting_as(facilitator):
        categories = [_category(item, members, *row) for row in CATEGORIES]
        for name, method, params, rationale, illustrative in _candidates(categories):
            data = {
                "name": name,
                "method": method,
                "params": params,
                "remainder_rule": "lead",
                "rationale": rationale,
            }
            candidate = services.save_candidate(item, None, data, facilitator)
            candidate.illustrative = illustrative


def _category(
    item: AgendaItem, members: list[Member], name: str, amount: int, alone: tuple, pairs: tuple
) -> CostCategory:
    category = services.save_category(item, None, {"name": name, "amount": amount}, None)
    category.illustrative = True
    ids = [m.id for m in members]
    quotes = {frozenset({i}): q for i, q in zip(ids, alone, strict=True)}
    for pair, quote in zip([(0, 1), (0, 2), (1, 2)], pairs, strict=True):
        quotes[frozenset(ids[k] for k in pair)] = quote
    services.save_quotes(item, category, quotes)
    for quote in category.quotes:
        quote.illustrative = True
    return category


def _candidates(categories: list[CostCategory]) -> list[tuple[str, str, dict, str, bool]]:
    mix = _mix(categories, {"equal": "10", "population": "45", "users": "45"})
    return [
        ("均等割", "equal", {}, "", False),
        ("人口割", "proportional", {"indicator": "population"}, "", False),
        ("均等割10%+人口割45%+利用者割45%", "mix", mix, "", False),
        (
            "シャープレイ値" + ILLUSTRATIVE,
            "shapley",
            {},
            "単独・2団体での見積(例示)から、各団体が加わることで増える費用の平均で按分する。",
            True,
        ),
        ("仁(nucleolus)" + ILLUSTRATIVE, "nucleolus", {}, "", True),
    ]
