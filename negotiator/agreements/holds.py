"""Which live agreements (out for signature or executed) include which agenda items."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from negotiator.agreements.models import LIVE, Agreement, AgreementArticle, Signature, Status
from negotiator.db import db
from negotiator.negotiation.workflow import AgreementHold
from negotiator.paging import prepared


@prepared
def _live_articles() -> sa.Select:
    """Every board and item page asks (see negotiation/queries.py)."""
    return (
        sa.select(AgreementArticle.item_id, Agreement)
        .join(Agreement)
        .where(
            AgreementArticle.item_id.in_(sa.bindparam("ids", expanding=True)),
            Agreement.status.in_(LIVE),
        )
        .options(selectinload(Agreement.signatures).joinedload(Signature.member))
        .order_by(Agreement.number)
    )


def holds(item_ids: Iterable[int]) -> dict[int, AgreementHold]:
    """item id -> the live agreement that includes it (three statements, however many items)."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = db.session.execute(_live_articles(), {"ids": ids}).all()
    from negotiator.agreements.amendments import released_item_ids

    released = released_item_ids([item_id for item_id, _ in rows])
    result: dict[int, AgreementHold] = {}
    for item_id, agreement in rows:
        amendment = released.get(item_id)
        hold = AgreementHold(
            title=f"「{agreement.title}」(第{agreement.number}版)",
            executed=agreement.status == Status.EXECUTED,
            signed_by=tuple(s.member.name for s in agreement.signatures),
            released_by=f"変更協定(第{amendment.number}版)" if amendment else "",
        )
        # An executed version outweighs one out for signature, unless a 変更協定 released the
        # item: then its amendment out for signature is what a reopening would void.
        if item_id not in result or result[item_id].executed == bool(hold.released_by):
            result[item_id] = hold
    return result
