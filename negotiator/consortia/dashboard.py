"""The dashboard's cross-domain lists: agreements to sign and open written rounds."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from negotiator.agreements.models import Agreement, Signature, Status
from negotiator.consortia.models import Member, Membership, Role
from negotiator.db import db, utcnow
from negotiator.meetings.models import WrittenRound
from negotiator.meetings.round_states import RoundState
from negotiator.negotiation.models import Negotiation


def agreements_to_sign(user_id: int) -> list[tuple[Agreement, Member]]:
    """(agreement, member) pairs this signatory still has to sign."""
    rows = db.session.execute(
        sa.select(Agreement, Member)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .join(Membership, Membership.consortium_id == Negotiation.consortium_id)
        .join(Member, Member.id == Membership.member_id)
        .where(
            Membership.user_id == user_id,
            Membership.role == Role.SIGNATORY.value,
            Agreement.status == Status.OUT_FOR_SIGNATURE.value,
        )
        .where(
            ~sa.exists().where(
                Signature.agreement_id == Agreement.id, Signature.member_id == Member.id
            )
        )
        .order_by(Agreement.id)
    ).all()
    return [(a, m) for a, m in rows]


def open_rounds(user_id: int) -> list[WrittenRound]:
    """Written rounds still open in the consortia where this user is a liaison."""
    consortium_ids = sa.select(Membership.consortium_id).where(
        Membership.user_id == user_id, Membership.role == Role.LIAISON.value
    )
    return list(
        db.session.scalars(
            sa.select(WrittenRound)
            .join(Negotiation)
            .where(
                Negotiation.consortium_id.in_(consortium_ids),
                # Closed, cancelled or superseded rounds leave the list; so do rounds whose
                # deadline has come, even before the deadline job has recorded their result.
                WrittenRound.state == RoundState.OPEN.value,
                WrittenRound.deadline > utcnow(),
            )
            .options(selectinload(WrittenRound.negotiation))
            .order_by(WrittenRound.deadline)
        )
    )


def negotiations_of(consortium_ids: list[int]) -> dict[int, list[tuple[Negotiation, str | None]]]:
    """consortium id -> [(negotiation, status of its newest agreement or None)], two statements."""
    negotiations = db.session.scalars(
        sa.select(Negotiation)
        .where(Negotiation.consortium_id.in_(consortium_ids))
        .order_by(Negotiation.id)
    ).all()
    newest = sa.select(sa.func.max(Agreement.id)).group_by(Agreement.negotiation_id)
    status = dict(
        db.session.execute(
            sa.select(Agreement.negotiation_id, Agreement.status).where(Agreement.id.in_(newest))
        ).all()
    )
    result: dict[int, list[tuple[Negotiation, str | None]]] = {c: [] for c in consortium_ids}
    for negotiation in negotiations:
        result[negotiation.consortium_id].append((negotiation, status.get(negotiation.id)))
    return result
