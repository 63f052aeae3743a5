"""The dashboard's cross-domain lists: agreements to sign, 決裁 to record, what agreements
still miss before execution, and open written rounds."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from negotiator.agreements.approvals import Progress, progress
from negotiator.agreements.models import Agreement, Approval, Signature, Status
from negotiator.consortia.models import Consortium, Member, Membership, Role
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


def approvals_to_record(user_id: int) -> list[tuple[Agreement, Member]]:
    """(agreement, member) pairs whose 決裁 this liaison still has to record: out for signature
    in a council that requires it, not signed, and no record of the text as frozen now."""
    rows = db.session.execute(
        sa.select(Agreement, Member)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .join(Consortium, Consortium.id == Negotiation.consortium_id)
        .join(Membership, Membership.consortium_id == Consortium.id)
        .join(Member, Member.id == Membership.member_id)
        .where(
            Membership.user_id == user_id,
            Membership.role == Role.LIAISON.value,
            Consortium.approval_required.is_(True),
            Agreement.status == Status.OUT_FOR_SIGNATURE.value,
        )
        .where(
            ~sa.exists().where(
                Approval.agreement_id == Agreement.id,
                Approval.member_id == Member.id,
                Approval.content_hash == Agreement.content_hash,
            ),
            ~sa.exists().where(
                Signature.agreement_id == Agreement.id, Signature.member_id == Member.id
            ),
        )
        .order_by(Agreement.id, Member.sort_order)
    ).all()
    return [(a, m) for a, m in rows]


def execution_progress(user_id: int) -> list[Progress]:
    """For a facilitator: each agreement out for signature, with how many members still miss
    their 決裁 (where required) and their signature (five statements, however many)."""
    facilitated = sa.select(Membership.consortium_id).where(
        Membership.user_id == user_id, Membership.role == Role.FACILITATOR.value
    )
    rows = db.session.execute(
        sa.select(Agreement, Consortium)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .join(Consortium, Consortium.id == Negotiation.consortium_id)
        .where(
            Consortium.id.in_(facilitated),
            Agreement.status == Status.OUT_FOR_SIGNATURE.value,
        )
        .order_by(Agreement.id)
    ).all()
    if not rows:
        return []
    agreement_ids = [a.id for a, _c in rows]
    members: dict[int, list[Member]] = {}
    for member in db.session.scalars(
        sa.select(Member)
        .where(Member.consortium_id.in_({c.id for _a, c in rows}))
        .order_by(Member.sort_order, Member.id)
    ):
        members.setdefault(member.consortium_id, []).append(member)
    records: dict[int, dict[int, Approval]] = {}
    for record in db.session.scalars(
        sa.select(Approval).where(Approval.agreement_id.in_(agreement_ids))
    ):
        records.setdefault(record.agreement_id, {})[record.member_id] = record
    signed: dict[int, set[int]] = {}
    for agreement_id, member_id in db.session.execute(
        sa.select(Signature.agreement_id, Signature.member_id).where(
            Signature.agreement_id.in_(agreement_ids)
        )
    ):
        signed.setdefault(agreement_id, set()).add(member_id)
    return [
        progress(
            a,
            members.get(c.id, []),
            records.get(a.id, {}),
            signed.get(a.id, set()),
            c.approval_required,
        )
        for a, c in rows
    ]


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
