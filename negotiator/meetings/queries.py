"""Read side of meetings and rounds; a fixed number of statements whatever the data size."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from negotiator import bounds, events, paging
from negotiator.audit.services import to_json
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.meetings import minutes
from negotiator.meetings.decisions import decisions
from negotiator.meetings.facts import discussion_facts
from negotiator.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingItem,
    MinutesRevision,
    Status,
)
from negotiator.negotiation import queries as negotiation_queries
from negotiator.negotiation import workflow
from negotiator.negotiation.models import (
    AgendaItem,
    Negotiation,
)
from negotiator.negotiation.queries import Stance
from negotiator.paging import Shown

OPEN = (workflow.State.PROPOSED.value, workflow.State.DISCUSSED.value)
# The meeting's documents (配布資料), asked of the documents domain (negotiator.events).
MEETING_DOCUMENTS = "meetings.documents"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One agenda line with what the facilitator can do about its item now; a free entry
    (報告事項 and the like) has no item, positions or moves."""

    entry: MeetingItem
    item: AgendaItem | None
    positions: dict[int, Stance]  # stance and revision: all the agenda shows of a position
    checks: tuple[workflow.TransitionCheck, ...]

    @property
    def heading(self) -> str:
        return self.entry.heading

    def stance_counts(self, members: list[Member]) -> dict[str, int]:
        """stance -> how many of the members hold it on the current wording, with "stale"
        (answered an earlier wording) and "none" (no answer): the page's summary of a large
        council (negotiator.bounds.MEETING_STANCES)."""
        counts: dict[str, int] = {}
        for member in members:
            position = self.positions.get(member.id)
            if position is None:
                key = "none"
            elif position.revision_number < self.item.current_revision:
                key = "stale"
            else:
                key = position.stance
            counts[key] = counts.get(key, 0) + 1
        return counts


def agenda(meeting: Meeting, members: list[Member], actor: workflow.Actor) -> list[Entry]:
    entries = list(db.session.scalars(_entries(), {"meeting": meeting.id}))
    items = [e.item for e in entries if e.item is not None]
    # Plain rows, not positions with their conditions and recorders: the agenda shows stances.
    positions = negotiation_queries.latest_stances(i.id for i in items)
    discussions = discussion_facts(items)
    held = negotiation_queries.agreement_holds(items)
    refs = negotiation_queries.member_refs(members)
    result = []
    for entry in entries:
        if entry.item is None:
            result.append(Entry(entry, None, {}, ()))
            continue
        mine = positions.get(entry.item_id, {})
        facts = negotiation_queries.item_facts(
            entry.item, entry.item.negotiation, refs, mine, discussions[entry.item_id], held
        )
        result.append(Entry(entry, entry.item, mine, workflow.available(facts, actor)))
    return result


@paging.prepared
def _entries() -> sa.Select:
    return (
        sa.select(MeetingItem)
        .where(MeetingItem.meeting_id == sa.bindparam("meeting"))
        .options(joinedload(MeetingItem.item).joinedload(AgendaItem.negotiation))
        .order_by(MeetingItem.sort_order, MeetingItem.id)
    )


class Candidate(NamedTuple):
    """An item the meeting could take up: what the 「議題に追加」 list shows of it."""

    id: int
    number: int
    title: str
    negotiation: str  # the title of its negotiation


def open_items(
    consortium_id: int,
    meeting_id: int | None = None,
    page: int = 1,
    only: int | None = None,
) -> Shown[Candidate]:
    """Items still to be agreed in any negotiation of the council and not on the meeting's
    agenda, negotiation by negotiation, a page of bounds.MEETING_CANDIDATES at a time with the
    count of all (`only`: that item alone, if it is one of them). Columns, not objects: up to
    a hundred items were a tenth of the meeting page (issue 18)."""
    size = bounds.MEETING_CANDIDATES
    params = {"council": consortium_id, "meeting": meeting_id, "only": only}
    query = _open_items(meeting_id is not None, only is not None)
    shown = paging.first(query, size, (page - 1) * size, scalars=False, params=params)
    return Shown([Candidate(*row) for row in shown], shown.total)


@functools.cache
def _open_items(off_agenda: bool, only: bool) -> sa.Select:
    """Built once for each combination: off the meeting's agenda, that item only."""
    query = (
        sa.select(AgendaItem.id, AgendaItem.number, AgendaItem.title, Negotiation.title)
        .join(Negotiation, Negotiation.id == AgendaItem.negotiation_id)
        .where(Negotiation.consortium_id == sa.bindparam("council"))
        .where(AgendaItem.state.in_(OPEN))
        .order_by(Negotiation.id, AgendaItem.number)
    )
    if off_agenda:
        on_agenda = sa.select(MeetingItem.item_id).where(
            MeetingItem.meeting_id == sa.bindparam("meeting"), MeetingItem.item_id.is_not(None)
        )
        query = query.where(AgendaItem.id.not_in(on_agenda))
    if only:
        query = query.where(AgendaItem.id == sa.bindparam("only"))
    return query


def actions_for(meeting: Meeting) -> tuple[list[ActionItem], list[ActionItem]]:
    """(this meeting's action items, open ones carried over from earlier meetings)."""
    params = {"council": meeting.consortium_id, "meeting": meeting.id, "number": meeting.number}
    rows = db.session.scalars(_actions(), params).all()
    own = [a for a in rows if a.meeting_id == meeting.id]
    return own, [a for a in rows if a.meeting_id != meeting.id]


@paging.prepared
def _actions() -> sa.Select:
    return (
        sa.select(ActionItem)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.consortium_id == sa.bindparam("council"))
        .where(
            (ActionItem.meeting_id == sa.bindparam("meeting"))
            | (
                (ActionItem.status == ActionStatus.OPEN.value)
                & (Meeting.number < sa.bindparam("number"))
            )
        )
        .options(joinedload(ActionItem.owner), joinedload(ActionItem.meeting))
        .order_by(ActionItem.id)
    )


def previous_pending(meeting: Meeting) -> Meeting | None:
    """The previous meeting, when its minutes still wait for confirmation."""
    params = {"council": meeting.consortium_id, "number": meeting.number - 1}
    return db.session.scalar(_PREVIOUS_HELD, params)


_PREVIOUS_HELD = sa.select(Meeting).where(
    Meeting.consortium_id == sa.bindparam("council"),
    Meeting.number == sa.bindparam("number"),
    Meeting.status == Status.HELD.value,
)


# Columns, not objects: the page, the minutes and the attendance form read these three only.
_ATTENDANCE = sa.select(Attendance.member_id, Attendance.presence, Attendance.attendees).where(
    Attendance.meeting_id == sa.bindparam("meeting")
)


def attendance(meeting: Meeting) -> dict[int, sa.Row]:
    """member id -> what was recorded for it on the day (member_id, presence, attendees)."""
    rows = db.session.execute(_ATTENDANCE, {"meeting": meeting.id})
    return {a.member_id: a for a in rows}


def revisions(meeting: Meeting) -> list[MinutesRevision]:
    return list(db.session.scalars(_minutes_revisions(), {"meeting": meeting.id}))


@paging.prepared
def _minutes_revisions() -> sa.Select:
    return (
        sa.select(MinutesRevision)
        .where(MinutesRevision.meeting_id == sa.bindparam("meeting"))
        .options(joinedload(MinutesRevision.published_by))
        .order_by(MinutesRevision.number.desc())
    )


def documents_panel(meeting: Meeting) -> Any:
    """The meeting's documents (配布資料), and what the user may do with them (the documents
    domain answers)."""
    return events.ask(MEETING_DOCUMENTS, meeting.id, meeting.consortium_id)


def meeting_view(
    meeting: Meeting, actor: workflow.Actor, heard: int | None = None
) -> dict[str, Any]:
    """Everything the meeting page and the minutes PDF show; the page passes `heard`, the
    positions stated that it lists (negotiator.bounds), the minutes take them all."""
    members = negotiation_queries.members_of(meeting.consortium_id)
    own, carried = actions_for(meeting)
    positions, moves = decisions(meeting, heard)
    entries = agenda(meeting, members, actor)
    titles = {e.item.id: e.item for e in entries if e.item}
    return {
        "meeting": meeting,
        "consortium": meeting.consortium,
        # The negotiations whose items are on the agenda, in agenda order.
        "negotiations": list(
            {e.item.negotiation_id: e.item.negotiation for e in entries if e.item}.values()
        ),
        "members": members,
        "entries": entries,
        "items_by_id": titles,
        # Agenda order, by item: the minutes number entries by it (numbering.entry_label).
        "agenda_numbers": {e.item.id: n for n, e in enumerate(entries, start=1) if e.item},
        "attendance": attendance(meeting),
        "actions": own,
        "carried": carried,
        "previous": previous_pending(meeting),
        "floor_positions": positions,
        "moves": moves,
        "answers": minutes.answers(meeting),
        "signers": minutes.signers(meeting),
        "revisions": revisions(meeting),
        "documents": documents_panel(meeting),
    }


def minutes_content(view: dict[str, Any]) -> dict[str, Any]:
    """The minutes as published: a JSON snapshot kept with each revision."""
    meeting = view["meeting"]
    names = {m.id: m.name for m in view["members"]}
    return to_json(
        {
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "place": meeting.place,
            "notes": meeting.notes,
            "attendance": [
                {"member": names[a.member_id], "presence": a.presence, "attendees": a.attendees}
                for a in view["attendance"].values()
            ],
            "items": [_entry_content(e) for e in view["entries"]],
            "positions": [
                {
                    "member": p.member,
                    "item_id": p.item_id,
                    "stance": p.stance,
                    "revision": p.revision_number,
                }
                for p in view["floor_positions"]
            ],
            "moves": [{"item_id": c.item_id, "to": c.to_state} for c in view["moves"]],
            "actions": [
                {"description": a.description, "owner": a.owner.name, "due_date": a.due_date}
                for a in view["actions"]
            ],
        }
    )


def _entry_content(e: Entry) -> dict[str, Any]:
    if e.item is None:
        return {"title": e.entry.title, "note": e.entry.note, "notes": e.entry.notes}
    return {
        "negotiation": e.item.negotiation.title,
        "number": e.item.number,
        "title": e.item.title,
        "notes": e.entry.notes,
    }
