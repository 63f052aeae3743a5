"""Membership test data: an executed agreement with a population cost table, a fourth town."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from negotiator.consortia.models import Indicator, Member
from negotiator.costs import services as costs
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem
from tests.agreements.amendment_helpers import executed, facilitator
from tests.costs.factories import build_costs, candidate
from tests.factories import login

JOINED_ON = dt.date(2027, 4, 1)


def executed_with_costs(app, world) -> tuple[int, int]:  # noqa: ANN001
    """The world's agreement, with the population split as 別表第1, executed on paper."""
    cw = build_costs(app, world, quotes=False)
    with app.app_context():
        item = db.session.get(AgendaItem, cw.item_id)
        chosen = candidate(cw.candidate_ids["人口割"])
        costs.propose(item, chosen, facilitator(), item.current_revision)
        db.session.commit()
    return executed(app, world, extra_article=False), cw.item_id


def admin_client(app):  # noqa: ANN001, ANN201
    client = app.test_client()
    login(client, "admin")
    return client


def join_fourth_town(app, world, *, population: int = 5270) -> int:  # noqa: ANN001
    """津野町 joins through the member admin, with its population figure."""
    response = admin_client(app).post(
        f"/admin/consortia/{world.consortium_id}/members/new",
        data={"name": "津野町", "kind": "town", "joined_on": JOINED_ON.isoformat()},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.name == "津野町"))
        member.indicators.append(
            Indicator(
                key="population",
                label="人口",
                value=Decimal(population),
                unit="人",
                reference_date="2020-10-01",
                source="2020年国勢調査",
            )
        )
        db.session.commit()
        return member.id
