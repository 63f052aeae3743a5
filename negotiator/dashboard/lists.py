"""The dashboard's cross-domain lists: agreements to sign, 決裁 to record, what agreements
still miss before execution, open written rounds, minutes to confirm, agreements to prepare
and action items; one statement per list, however much data. Each takes `limit` and
`offset` and returns a Shown: those rows and the count of all (negotiator.bounds)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from negotiator.agreements.approvals import Progress, progress
from negotiator.agreements.models import Agreement, Approval, Signature, Status
from negotiator.consortia.models import Consortium, Member, Membership, Role
from negotiator.db import db, utcnow
from negotiator.meetings.models import (
    ActionItem,
    ActionStatus,
    AttendanceAnswer,
    Meeting,
    MinutesConfirmation,
    RoundItem,
    WrittenRound,
)
from negotiator.meetings.models import Status as MeetingStatus
from negotiator.meetings.round_states import RoundState
from negotiator.negotiation.models import AgendaItem, Negotiation, Position
from negotiator.negotiation.workflow import State
from negotiator.paging import Shown, first

JST = ZoneInfo("Asia/Tokyo")


def agreements_to_sign(
    user_id: int, limit: int | None = None, offset: int = 0
) -> Shown[tuple[Agreement, Member]]:
    """(agreement, member) pairs this signatory still has to sign."""
    return first(
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
        .order_by(Agreement.id),
        limit,
        offset,
        scalars=False,
    )


def approvals_to_record(
    user_id: int, limit: int | None = None, offset: int = 0
) -> Shown[tuple[Agreement, Member]]:
    """(agreement, member) pairs whose 決裁 this liaison still has to record: out for signature
    in a council that requires it, not signed, and no record of the text as frozen now."""
    return first(
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
        .order_by(Agreement.id, Member.sort_order),
        limit,
        offset,
        scalars=False,
    )


def execution_progress(user_id: int, limit: int | None = None, offset: int = 0) -> Shown[Progress]:
    """For a facilitator: each agreement out for signature, with how many members still miss
    their 決裁 (where required) and their signature (five statements, however many)."""
    facilitated = sa.select(Membership.consortium_id).where(
        Membership.user_id == user_id, Membership.role == Role.FACILITATOR.value
    )
    rows = first(
        sa.select(Agreement, Consortium)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .join(Consortium, Consortium.id == Negotiation.consortium_id)
        .where(
            Consortium.id.in_(facilitated),
            Agreement.status == Status.OUT_FOR_SIGNATURE.value,
        )
        .order_by(Agreement.id),
        limit,
        offset,
        scalars=False,
    )
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


def open_rounds(user_id: int, limit: int | None = None, offset: int = 0) -> Shown[WrittenRound]:
    """Written rounds still open in which a member this user is the liaison of owes an answer."""
    return first(
        sa.select(WrittenRound)
        .join(Negotiation)
        .where(
            # Closed, cancelled or superseded rounds leave the list; so do rounds whose
            # deadline has come, even before the deadline job has recorded their result.
            WrittenRound.state == RoundState.OPEN.value,
            WrittenRound.deadline > utcnow(),
            _answer_owed(user_id),
        )
        .options(selectinload(WrittenRound.negotiation))
        .order_by(WrittenRound.deadline, WrittenRound.id),
        limit,
        offset,
    )


def _answer_owed(user_id: int) -> sa.ColumnElement[bool]:
    """Some item of the round, still asked about (no result, same wording), has no answer in
    the round from a current member this user is the liaison of (as rounds.answer counts)."""
    return (
        sa.select(RoundItem.id)
        .join(AgendaItem, AgendaItem.id == RoundItem.item_id)
        .join(Member, Member.id.in_(_members(user_id, Role.LIAISON)))
        .where(
            RoundItem.round_id == WrittenRound.id,
            RoundItem.result.is_(None),
            AgendaItem.current_revision == RoundItem.revision_number,
            Member.consortium_id == Negotiation.consortium_id,
            Member.left_on.is_(None),
            ~sa.exists().where(
                Position.round_id == WrittenRound.id,
                Position.item_id == RoundItem.item_id,
                Position.member_id == Member.id,
            ),
        )
        .exists()
    )


def _members(user_id: int, role: Role) -> sa.Select:
    return sa.select(Membership.member_id).where(
        Membership.user_id == user_id, Membership.role == role.value
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


def _roles(user_id: int, role: Role) -> sa.Select:
    return sa.select(Membership.consortium_id).where(
        Membership.user_id == user_id, Membership.role == role.value
    )


def _my_members_meetings(user_id: int) -> sa.Select:
    """(meeting, member) for every meeting of a council and each current member of it this
    user is the liaison of."""
    liaison = (Membership.user_id == user_id, Membership.role == Role.LIAISON.value)
    return (
        sa.select(Meeting, Member)
        .join(Membership, Membership.consortium_id == Meeting.consortium_id)
        .join(Member, Member.id == Membership.member_id)
        .where(*liaison, Member.left_on.is_(None))
        # Said again as a filter on the meetings themselves: the planner then reads them
        # through their council's index rather than every council's meetings.
        .where(Meeting.consortium_id.in_(sa.select(Membership.consortium_id).where(*liaison)))
    )


def minutes_to_confirm(
    user_id: int, limit: int | None = None, offset: int = 0
) -> Shown[tuple[Meeting, Member]]:
    """(meeting, member) pairs whose published minutes this liaison has not answered yet; a
    correction asked for waits on the facilitator's next revision, not on the liaison."""
    return first(
        _my_members_meetings(user_id)
        .where(Meeting.status == MeetingStatus.HELD.value, Meeting.minutes_revision > 0)
        .where(
            ~sa.exists().where(
                MinutesConfirmation.meeting_id == Meeting.id,
                MinutesConfirmation.member_id == Member.id,
                MinutesConfirmation.revision_number == Meeting.minutes_revision,
            )
        )
        .options(joinedload(Meeting.consortium))
        .order_by(Meeting.starts_at, Meeting.id, Member.sort_order),
        limit,
        offset,
        scalars=False,
    )


def agreements_to_prepare(
    user_id: int, limit: int | None = None, offset: int = 0
) -> Shown[Negotiation]:
    """For a facilitator: negotiations whose items are all agreed (withdrawn ones aside) and
    that have no agreement yet."""
    settled = (State.AGREED.value, State.WITHDRAWN.value)
    return first(
        sa.select(Negotiation)
        .where(Negotiation.consortium_id.in_(_roles(user_id, Role.FACILITATOR)))
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
        .order_by(Negotiation.id),
        limit,
        offset,
    )


@dataclasses.dataclass(frozen=True)
class Due:
    """An open action item on the dashboard; overdue once its day (in Japan) has passed."""

    action: ActionItem
    overdue: bool


def actions_due(
    user_id: int, now: dt.datetime | None = None, limit: int | None = None, offset: int = 0
) -> Shown[Due]:
    """Open action items of the liaison's members, or of the councils a facilitator runs:
    overdue ones first, then by due date (none last)."""
    today = (now or utcnow()).astimezone(JST).date()
    liaison_of = sa.select(Membership.member_id).where(
        Membership.user_id == user_id, Membership.role == Role.LIAISON.value
    )
    rows = first(
        sa.select(ActionItem)
        .where(ActionItem.status == ActionStatus.OPEN.value)
        .where(
            ActionItem.owner_member_id.in_(liaison_of)
            | ActionItem.consortium_id.in_(_roles(user_id, Role.FACILITATOR))
        )
        .options(joinedload(ActionItem.owner), joinedload(ActionItem.meeting))
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id),
        limit,
        offset,
    )
    return Shown([Due(a, a.due_date is not None and a.due_date < today) for a in rows], rows.total)


def attendance_to_answer(
    user_id: int, now: dt.datetime | None = None, limit: int | None = None, offset: int = 0
) -> Shown[tuple[Meeting, Member]]:
    """(meeting, member) pairs: meetings still to begin for which this liaison's member has not
    answered 出欠 yet; the meeting's start is the deadline (answers close then)."""
    return first(
        _my_members_meetings(user_id)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED.value, Meeting.starts_at > (now or utcnow())
        )
        .where(
            ~sa.exists().where(
                AttendanceAnswer.meeting_id == Meeting.id, AttendanceAnswer.member_id == Member.id
            )
        )
        .options(joinedload(Meeting.consortium))
        .order_by(Meeting.starts_at, Meeting.id, Member.sort_order),
        limit,
        offset,
        scalars=False,
    )
