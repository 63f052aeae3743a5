"""Which live agreements (out for signature or executed) include which agenda items."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from negotiator.agreements.models import LIVE, Agreement, AgreementArticle, Signature, Status
from negotiator.db import db
from negotiator.negotiation.workflow import AgreementHold


def holds(item_ids: Iterable[int]) -> dict[int, AgreementHold]:
    """item id -> the live agreement that includes it (two statements, however many items)."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(AgreementArticle.item_id, Agreement)
        .join(Agreement)
        .where(AgreementArticle.item_id.in_(ids), Agreement.status.in_(LIVE))
        .options(selectinload(Agreement.signatures).joinedload(Signature.member))
        .order_by(Agreement.number)
    ).all()
    result: dict[int, AgreementHold] = {}
    for item_id, agreement in rows:
        # An executed version outweighs one out for signature (there is at most one live one).
        if item_id in result and result[item_id].executed:
            continue
        result[item_id] = AgreementHold(
            title=f"「{agreement.title}」(第{agreement.number}版)",
            executed=agreement.status == Status.EXECUTED,
            signed_by=tuple(s.member.name for s in agreement.signatures),
        )
    return result
