"""The dashboard's lists from meetings and written rounds: rounds to answer, minutes to
confirm, 出欠 to answer and action items; one statement per list, however much data. Each takes
`limit` and `offset` and returns a Shown: those rows and the count of all (negotiator.bounds)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from negotiator.consortia.models import Member, Membership, Role
from negotiator.dashboard.lists import roles_held
from negotiator.db import utcnow
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
from negotiator.paging import Shown, first, prepared

JST = ZoneInfo("Asia/Tokyo")


def open_rounds(user_id: int, limit: int | None = None, offset: int = 0) -> Shown[WrittenRound]:
    """Written rounds still open in which a member this user is the liaison of owes an answer."""
    return first(_open_rounds(), limit, offset, params={"user": user_id, "now": utcnow()})


@prepared
def _open_rounds() -> sa.Select:
    return (
        sa.select(WrittenRound)
        .join(Negotiation)
        .where(
            # Closed, cancelled or superseded rounds leave the list; so do rounds whose
            # deadline has come, even before the deadline job has recorded their result.
            WrittenRound.state == RoundState.OPEN.value,
            WrittenRound.deadline > sa.bindparam("now"),
            _answer_owed(),
        )
        .options(selectinload(WrittenRound.negotiation))
        .order_by(WrittenRound.deadline, WrittenRound.id)
    )


def _answer_owed() -> sa.ColumnElement[bool]:
    """Some item of the round, still asked about (no result, same wording), has no answer in
    the round from a current member the user (bound as "user") is the liaison of (as
    rounds.answer counts)."""
    return (
        sa.select(RoundItem.id)
        .join(AgendaItem, AgendaItem.id == RoundItem.item_id)
        .join(Member, Member.id.in_(_members(Role.LIAISON)))
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


def _members(role: Role) -> sa.Select:
    """The members the user (bound as "user") holds `role` for."""
    return sa.select(Membership.member_id).where(
        Membership.user_id == sa.bindparam("user"), Membership.role == role.value
    )


def _my_members_meetings() -> sa.Select:
    """(meeting, member) for every meeting of a council and each current member of it the user
    (bound as "user") is the liaison of."""
    liaison = (Membership.user_id == sa.bindparam("user"), Membership.role == Role.LIAISON.value)
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
    return first(_minutes_to_confirm(), limit, offset, scalars=False, params={"user": user_id})


@prepared
def _minutes_to_confirm() -> sa.Select:
    return (
        _my_members_meetings()
        .where(Meeting.status == MeetingStatus.HELD.value, Meeting.minutes_revision > 0)
        .where(
            ~sa.exists().where(
                MinutesConfirmation.meeting_id == Meeting.id,
                MinutesConfirmation.member_id == Member.id,
                MinutesConfirmation.revision_number == Meeting.minutes_revision,
            )
        )
        .options(joinedload(Meeting.consortium))
        .order_by(Meeting.starts_at, Meeting.id, Member.sort_order)
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
    rows = first(_actions_due(), limit, offset, params={"user": user_id})
    return Shown([Due(a, a.due_date is not None and a.due_date < today) for a in rows], rows.total)


@prepared
def _actions_due() -> sa.Select:
    return (
        sa.select(ActionItem)
        .where(ActionItem.status == ActionStatus.OPEN.value)
        .where(
            ActionItem.owner_member_id.in_(_members(Role.LIAISON))
            | ActionItem.consortium_id.in_(roles_held(Role.FACILITATOR))
        )
        .options(joinedload(ActionItem.owner), joinedload(ActionItem.meeting))
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    )


def attendance_to_answer(
    user_id: int, now: dt.datetime | None = None, limit: int | None = None, offset: int = 0
) -> Shown[tuple[Meeting, Member]]:
    """(meeting, member) pairs: meetings still to begin for which this liaison's member has not
    answered 出欠 yet; the meeting's start is the deadline (answers close then)."""
    params = {"user": user_id, "now": now or utcnow()}
    return first(_attendance_to_answer(), limit, offset, scalars=False, params=params)


@prepared
def _attendance_to_answer() -> sa.Select:
    return (
        _my_members_meetings()
        .where(
            Meeting.status == MeetingStatus.SCHEDULED.value,
            Meeting.starts_at > sa.bindparam("now"),
        )
        .where(
            ~sa.exists().where(
                AttendanceAnswer.meeting_id == Meeting.id, AttendanceAnswer.member_id == Member.id
            )
        )
        .options(joinedload(Meeting.consortium))
        .order_by(Meeting.starts_at, Meeting.id, Member.sort_order)
    )
