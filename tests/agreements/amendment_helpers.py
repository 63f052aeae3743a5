"""Amendment test data: an executed agreement, an amendment started on it, an item renegotiated."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.agreements import amending, services, signing
from negotiator.agreements.signing_date import japan_today
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import services as negotiation
from negotiator.negotiation.models import AgendaItem
from tests.agreements.factories import agreement, make_draft
from tests.factories import record

FACILITATOR = ConsortiumRoles(facilitator=True)


def facilitator() -> User:
    return db.session.scalar(sa.select(User).where(User.username == "facilitator"))


def members(world) -> list[Member]:  # noqa: ANN001
    return [db.session.get(Member, m) for m in world.member_ids]


def executed(app, world, *, extra_article: bool = True) -> int:  # noqa: ANN001
    """The world's agreement executed on paper (quick: no signing PDF per party)."""
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        if extra_article:
            services.add_standard_article(
                a, "脱退", "構成団体は、6月前までに申し出て脱退することができる。", a.version
            )
        a.execution_method = "paper"
        a.effective_date = japan_today()
        db.session.flush()
        services.send_for_signature(a, a.version)
        db.session.commit()
    with app.app_context():
        a = agreement(agreement_id)
        for member in members(world):
            signing.record_paper_signature(a, member, facilitator(), japan_today(), "")
        db.session.commit()
        assert agreement(agreement_id).status == "executed"
    return agreement_id


def start(app, world, agreement_id: int, items: list[int] | None = None) -> int:  # noqa: ANN001
    with app.app_context():
        released = [world.item_id] if items is None else items
        amendment = amending.start(agreement(agreement_id), released, "アクセス権の見直し")
        db.session.commit()
        return amendment.id


def move(item_id: int, name: str, reason: str = "") -> None:
    item = db.session.get(AgendaItem, item_id)
    negotiation.move(item, name, reason, facilitator(), FACILITATOR, item.version, confirmed=True)


def renegotiate(app, world, text: str) -> None:  # noqa: ANN001
    """Reopen the world's item, revise it to `text` and agree on it again."""
    with app.app_context():
        move(world.item_id, "reopen", "見直し")
        item = db.session.get(AgendaItem, world.item_id)
        negotiation.add_revision(item, text, "", facilitator(), base_revision=item.current_revision)
        for member in members(world):
            record(item, member, "agree")
        move(world.item_id, "agree")
        db.session.commit()
