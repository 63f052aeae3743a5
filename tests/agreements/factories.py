"""Agreement test data: all items of the world's negotiation agreed, a draft made from them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.agreements import services
from negotiator.agreements.models import Agreement
from negotiator.agreements.signing_date import japan_today
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.factories import make_item, record


def agree_all(world) -> None:  # noqa: ANN001
    """Every member agrees to every item of the world's negotiation, which is then agreed."""
    negotiation = db.session.get(Negotiation, world.negotiation_id)
    make_item(negotiation, "目的", text="3市町がグループウェアを共同利用する。")
    members = db.session.scalars(
        sa.select(Member)
        .where(Member.consortium_id == world.consortium_id)
        .order_by(Member.sort_order)
    ).all()
    for item in db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.negotiation_id == negotiation.id)
    ):
        for member in members:
            record(item, member, "agree")
        item.state = "agreed"
    db.session.flush()


def make_draft(app, world, *, send: bool = False) -> int:  # noqa: ANN001
    with app.app_context():
        agree_all(world)
        agreement = services.create_draft(db.session.get(Negotiation, world.negotiation_id))
        agreement.term = "令和11年3月31日まで"
        agreement.signing_date = japan_today() + dt.timedelta(days=30)
        db.session.flush()
        if send:
            services.send_for_signature(agreement, agreement.version)
        db.session.commit()
        return agreement.id


def agreement(agreement_id: int) -> Agreement:
    return db.session.get(Agreement, agreement_id)
