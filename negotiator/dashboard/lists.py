"""The dashboard's lists from agreements and negotiations: agreements to sign, 決裁 to record,
what agreements still miss before execution, agreements to prepare, and each council's
negotiations; one statement per list, however much data (meeting_lists.py has the meetings'
and rounds'). Each takes `limit` and `offset` and returns a Shown: those rows and the count of
all (negotiator.bounds)."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.agreements.approvals import Progress, progress
from negotiator.agreements.models import Agreement, Approval, Signature, Status
from negotiator.consortia.models import Consortium, Member, Membership, Role
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.workflow import State
from negotiator.paging import Shown, first, prepared


def agreements_to_sign(
    user_id: int, limit: int | None = None, offset: int = 0
) -> Shown[tuple[Agreement, Member]]:
    """(agreement, member) pairs this signatory still has to sign."""
    return first(_agreements_to_sign(), limit, offset, scalars=False, params={"user": user_id})


@prepared
def _agreements_to_sign() -> sa.Select:
    return (
        sa.select(Agreement, Member)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .join(Membership, Membership.consortium_id == Negotiation.consortium_id)
        .join(Member, Member.id == Membership.member_id)
        .where(
            Membership.user_id == sa.bindparam("user"),
            Membership.role == Role.SIGNATORY.value,
            Agreement.status == Status.OUT_FOR_SIGNATURE.value,
        )
        .where(
            ~sa.exists().where(
                Signature.agreement_id == Agreement.id, Signature.member_id == Member.id
            )
        )
        .order_by(Agreement.id)
    )


def approvals_to_record(
    user_id: int, limit: int | None = None, offset: int = 0
) -> Shown[tuple[Agreement, Member]]:
    """(agreement, member) pairs whose 決裁 this liaison still has to record: out for signature
    in a council that requires it, not signed, and no record of the text as frozen now."""
    return first(_approvals_to_record(), limit, offset, scalars=False, params={"user": user_id})


@prepared
def _approvals_to_record() -> sa.Select:
    return (
        sa.select(Agreement, Member)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .join(Consortium, Consortium.id == Negotiation.consortium_id)
        .join(Membership, Membership.consortium_id == Consortium.id)
        .join(Member, Member.id == Membership.member_id)
        .where(
            Membership.user_id == sa.bindparam("user"),
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
    )


def execution_progress(user_id: int, limit: int | None = None, offset: int = 0) -> Shown[Progress]:
    """For a facilitator: each agreement out for signature, with how many members still miss
    their 決裁 (where required) and their signature (five statements, however many)."""
    rows = first(_out_for_signature(), limit, offset, scalars=False, params={"user": user_id})
    if not rows:
        return Shown([], rows.total)
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
    return Shown(
        [
            progress(
                a,
                members.get(c.id, []),
                records.get(a.id, {}),
                signed.get(a.id, set()),
                c.approval_required,
            )
            for a, c in rows
        ],
        rows.total,
    )


@prepared
def _out_for_signature() -> sa.Select:
    return (
        sa.select(Agreement, Consortium)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .join(Consortium, Consortium.id == Negotiation.consortium_id)
        .where(
            Consortium.id.in_(roles_held(Role.FACILITATOR)),
            Agreement.status == Status.OUT_FOR_SIGNATURE.value,
        )
        .order_by(Agreement.id)
    )


def negotiations_of(consortium_ids: list[int]) -> dict[int, list[tuple[Negotiation, str | None]]]:
    """consortium id -> [(negotiation, status of its newest agreement or None)], two statements."""
    negotiations = db.session.scalars(_NEGOTIATIONS, {"councils": consortium_ids}).all()
    status = dict(
        db.session.execute(_NEWEST_AGREEMENT, {"negotiations": [n.id for n in negotiations]}).all()
    )
    result: dict[int, list[tuple[Negotiation, str | None]]] = {c: [] for c in consortium_ids}
    for negotiation in negotiations:
        result[negotiation.consortium_id].append((negotiation, status.get(negotiation.id)))
    return result


_NEGOTIATIONS = (
    sa.select(Negotiation)
    .where(Negotiation.consortium_id.in_(sa.bindparam("councils", expanding=True)))
    .order_by(Negotiation.id)
)
# Only these negotiations' agreements are read, not every council's.
_NEWEST_AGREEMENT = sa.select(Agreement.negotiation_id, Agreement.status).where(
    Agreement.id.in_(
        sa.select(sa.func.max(Agreement.id))
        .where(Agreement.negotiation_id.in_(sa.bindparam("negotiations", expanding=True)))
        .group_by(Agreement.negotiation_id)
    )
)


def roles_held(role: Role) -> sa.Select:
    """The councils in which the user (bound as "user") holds `role`."""
    return sa.select(Membership.consortium_id).where(
        Membership.user_id == sa.bindparam("user"), Membership.role == role.value
    )


def agreements_to_prepare(
    user_id: int, limit: int | None = None, offset: int = 0
) -> Shown[Negotiation]:
    """For a facilitator: negotiations whose items are all agreed (withdrawn ones aside) and
    that have no agreement yet."""
    return first(_agreements_to_prepare(), limit, offset, params={"user": user_id})


@prepared
def _agreements_to_prepare() -> sa.Select:
    settled = (State.AGREED.value, State.WITHDRAWN.value)
    return (
        sa.select(Negotiation)
        .where(Negotiation.consortium_id.in_(roles_held(Role.FACILITATOR)))
        .where(
            sa.exists().where(
                AgendaItem.negotiation_id == Negotiation.id,
                AgendaItem.state == State.AGREED.value,
            ),
            ~sa.exists().where(
                AgendaItem.negotiation_id == Negotiation.id, AgendaItem.state.not_in(settled)
            ),
            ~sa.exists().where(Agreement.negotiation_id == Negotiation.id),
        )
        .order_by(Negotiation.id)
    )
