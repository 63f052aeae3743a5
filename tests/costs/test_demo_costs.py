"""The demo's cost-split item gets illustrative costs, quotes and computable candidates."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator import demo
from negotiator.costs import queries
from negotiator.costs.models import CostCandidate
from negotiator.db import db
from negotiator.demo_costs import load_costs
from negotiator.negotiation.models import AgendaItem, Negotiation


def test_demo_candidates_compute(app):
    with app.app_context():
        demo.load(join=False)  # the workspace as the three towns agreed on it
        negotiation = db.session.scalar(
            sa.select(Negotiation).where(Negotiation.title == demo.NEGOTIATION)
        )
        if not db.session.scalar(sa.select(sa.func.count(CostCandidate.id))):
            load_costs(negotiation)  # until demo.load() calls it
        db.session.commit()
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.category == "cost_split"))
        columns = queries.comparison(queries.workspace(item).inputs, queries.candidates(item))
        names = [c.candidate.name for c in columns]
        assert {"均等割", "人口割", "均等割10%+人口割45%+利用者割45%"} <= set(names)
        assert all(c.table is not None for c in columns), [c.error for c in columns]
        cooperative = [c for c in columns if c.candidate.method in ("shapley", "nucleolus")]
        assert cooperative and all(c.candidate.illustrative for c in cooperative)
        assert all(not c.table["violations"] for c in cooperative)  # both lie in the core here
        equal = next(c for c in columns if c.candidate.method == "equal")
        assert equal.table["violations"]  # 中土佐町 pays more than alone: the warning shows
