"""Changing meetings: scheduling, agenda, attendance, holding, action items, floor records.

Every function writes through the audit log; views commit once afterwards. Minutes and written
rounds live in `minutes.py` and `rounds.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import events
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db, same_version, utcnow
from negotiator.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingItem,
    Presence,
    Status,
    as_utc,
)
from negotiator.message import label, say
from negotiator.negotiation import services as negotiation_services
from negotiator.negotiation.models import AgendaItem, Position, Source, StateChange
from negotiator.negotiation.rules import N_
from negotiator.negotiation.services import ConflictError, NegotiationError

# For the domains above (negotiator.events): payloads as named.
MEETING_CHANGED = "meetings.changed"  # change (scheduled, moved, cancelled), meeting, actor_id

MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "mode")
# A change of these tells the members (with a new .ics); a new title alone does not: it changes
# neither when nor where anyone goes, and the next mail and the page's .ics carry it anyway.
MOVING_FIELDS = ("starts_at", "ends_at", "place", "mode")


def lock(model: Any, obj_id: int) -> None:
    # Serialises writers of the same row on PostgreSQL; SQLite already holds its write lock.
    db.session.execute(sa.select(model.id).where(model.id == obj_id).with_for_update())


def log(action: str, meeting: Meeting, summary: str, **kwargs: Any) -> None:
    audit.record(action, meeting, summary, consortium_id=meeting.consortium_id, **kwargs)


def ensure_editable(meeting: Meeting) -> None:
    """Confirmed minutes are locked until a facilitator reopens them; a cancelled meeting for
    good (its record stays as it was when it was called off)."""
    if meeting.status == Status.CANCELLED.value:
        raise NegotiationError(_("中止された会議は変更できません。"))
    if meeting.status == Status.CONFIRMED.value:
        raise NegotiationError(
            _("議事録が確定しているため変更できません。変更するには議事録を再開してください。")
        )


def as_utc_times(data: dict[str, Any]) -> dict[str, Any]:
    """Times in UTC: SQLite keeps the wall-clock digits of whatever zone it is given."""
    return data | {k: data[k].astimezone(dt.UTC) for k in ("starts_at", "ends_at")}


def create_meeting(
    consortium: Consortium, data: dict[str, Any], actor_id: int | None = None
) -> Meeting:
    """Schedule the council's next 第N回 meeting; its members get the .ics."""
    lock(Consortium, consortium.id)
    number = (
        db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.max(Meeting.number), 0)).where(
                Meeting.consortium_id == consortium.id
            )
        )
        + 1
    )
    data = as_utc_times(data)
    title = data.get("title") or f"第{number}回 {consortium.name}"
    meeting = Meeting(consortium=consortium, number=number, **(data | {"title": title}))
    db.session.add(meeting)
    db.session.flush()
    summary = say("会議「%(title)s」を予定", title=meeting.title)
    log("meeting.create", meeting, summary, after=data | {"title": title})
    if _ahead(meeting.starts_at):
        events.emit(MEETING_CHANGED, change="scheduled", meeting=meeting, actor_id=actor_id)
    return meeting


def _ahead(starts_at: dt.datetime) -> bool:
    """Still to begin: only then is a meeting announced (with its .ics). One entered after it
    took place is a record, not an invitation to something past."""
    return as_utc(starts_at) > utcnow()


def edit_meeting(
    meeting: Meeting, data: dict[str, Any], version: str | None, actor_id: int | None = None
) -> None:
    """Change the schedule; a new time, place or way of meeting is sent to the negotiators."""
    ensure_editable(meeting)
    if not same_version(version, meeting.version):
        raise ConflictError(_("他の人が先にこの会議を変更しました。読み込み直してください。"))
    data = as_utc_times(data)
    if meeting.status == Status.HELD.value and data["starts_at"] > utcnow():
        # What was recorded at it happened then: a held meeting does not move into the future.
        raise NegotiationError(
            _("開催済みの会議の開始日時を現在より後にはできません。"), "starts_at"
        )
    before = audit.snapshot(meeting, MEETING_FIELDS)
    for name in MEETING_FIELDS:
        setattr(meeting, name, data[name] if name != "title" else data[name] or meeting.title)
    db.session.flush()
    log("meeting.edit", meeting, say("会議の予定を変更"), before=before, after=data)
    # A move is told while the members' calendars hold it as coming, or it comes now; setting
    # a past meeting to when it really took place (to record it after the fact) tells nobody.
    told = _ahead(before["starts_at"]) or _ahead(meeting.starts_at)
    if meeting.status == Status.SCHEDULED.value and _moved(before, meeting) and told:
        events.emit(MEETING_CHANGED, change="moved", meeting=meeting, actor_id=actor_id)


def _moved(before: dict[str, Any], meeting: Meeting) -> bool:
    def same(name: str) -> bool:
        old, new = before[name], getattr(meeting, name)
        if isinstance(old, dt.datetime):  # SQLite hands back naive UTC
            return as_utc(old) == as_utc(new)
        return old == new

    return not all(same(name) for name in MOVING_FIELDS)


def add_to_agenda(meeting: Meeting, item: AgendaItem) -> MeetingItem:
    """Put an item of any of the council's negotiations on the agenda, last."""
    ensure_editable(meeting)
    if item.negotiation.consortium_id != meeting.consortium_id:
        raise NegotiationError(_("この協議会の協議事項ではありません。"), "item_id")
    if any(e.item_id == item.id for e in meeting.agenda):
        raise NegotiationError(_("この協議事項は既に議題にあります。"), "item_id")
    order = max((e.sort_order for e in meeting.agenda), default=0) + 1
    entry = MeetingItem(meeting=meeting, item_id=item.id, sort_order=order)
    db.session.add(entry)
    db.session.flush()
    summary = say(
        "議題に追加: %(negotiation)s %(heading)s",
        negotiation=item.negotiation.title,
        heading=entry.heading,
    )
    log("meeting.agenda_add", meeting, summary)
    return entry


def add_free_entry(meeting: Meeting, title: str, note: str) -> MeetingItem:
    """A free agenda entry (報告事項 and the like): a title and an optional note, no item."""
    ensure_editable(meeting)
    title, note = title.strip(), note.strip()
    if not title:
        raise NegotiationError(_("議題の件名を入力してください。"), "title")
    order = max((e.sort_order for e in meeting.agenda), default=0) + 1
    entry = MeetingItem(meeting=meeting, title=title, note=note, sort_order=order)
    db.session.add(entry)
    db.session.flush()
    summary = say("議題に追加: %(heading)s", heading=title)
    log("meeting.agenda_add", meeting, summary, after={"title": title, "note": note})
    return entry


def change_agenda(meeting: Meeting, entry: MeetingItem, action: str) -> None:
    """Move an agenda entry up or down, or take it off the agenda."""
    ensure_editable(meeting)
    entries = list(meeting.agenda)
    index = entries.index(entry)
    if action == "remove":
        if entry.notes.strip():
            raise NegotiationError(_("記録が書かれた議題は外せません。先に記録を消してください。"))
        db.session.delete(entry)
        summary = N_("議題から外す: %(heading)s")
    else:
        other = index - 1 if action == "up" else index + 1
        if other < 0 or other >= len(entries):
            return
        entries[index], entries[other] = entries[other], entries[index]
        for order, e in enumerate(entries, start=1):
            e.sort_order = order
        summary = N_("議題の順序を変更: %(heading)s")
    db.session.flush()
    log("meeting.agenda_change", meeting, say(summary, heading=entry.heading))


def record_attendance(meeting: Meeting, rows: list[dict[str, Any]], members: list[Member]) -> None:
    """Replace the attendance of the listed members; nobody outside the consortium."""
    ensure_editable(meeting)
    allowed = {m.id: m for m in members}
    existing = {
        a.member_id: a
        for a in db.session.scalars(
            sa.select(Attendance).where(Attendance.meeting_id == meeting.id)
        )
    }
    summary = []
    for row in rows:
        member = allowed.get(int(row["member_id"] or 0))
        if member is None:
            raise NegotiationError(_("この協議会の構成団体ではありません。"))
        presence = Presence(row["presence"])
        names = "\n".join(n.strip() for n in (row["attendees"] or "").splitlines() if n.strip())
        if presence != Presence.ABSENT and not names:
            raise NegotiationError(_("%(member)sの出席者を入力してください。", member=member.name))
        record = existing.get(member.id) or Attendance(meeting_id=meeting.id, member_id=member.id)
        existing[member.id] = record  # a member listed twice: the last row counts
        record.presence, record.attendees = presence.value, names
        db.session.add(record)
        summary.append({"member": member.name, "presence": presence.value, "attendees": names})
    db.session.flush()
    log("meeting.attendance", meeting, say("出欠を記録"), after={"attendance": summary})


def held_refusal(meeting: Meeting, now: dt.datetime) -> str | None:
    """Why the meeting cannot be marked held now (a Japanese message id), or None.

    The page offers the button from this and mark_held refuses with it: one rule. A meeting
    held earlier than planned, or recorded after the fact, gets its real time first (予定を変更).
    """
    if meeting.status != Status.SCHEDULED.value:
        return N_("この会議は既に開催済みです。")
    if now < as_utc(meeting.starts_at):
        return N_(
            "開始日時より前には開催済みにできません。"
            "予定と違う日時に開催した場合は、先に予定を変更して実際の日時を入力してください。"
        )
    return None


def floor_refusal(meeting: Meeting, now: dt.datetime) -> str | None:
    """Why nothing can be recorded as said or decided in the meeting now, or None."""
    if meeting.status == Status.SCHEDULED.value and now < as_utc(meeting.starts_at):
        return N_("会議の開始日時より前には、会議での発言や決定を記録できません。")
    return None


def mark_held(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """The meeting took place as scheduled; recorded after its end, the record says so."""
    ensure_editable(meeting)
    now = now or utcnow()
    if (refusal := held_refusal(meeting, now)) is not None:
        raise NegotiationError(_(refusal))
    meeting.status = Status.HELD.value
    db.session.flush()
    late = now >= as_utc(meeting.ends_at)
    log(
        "meeting.held",
        meeting,
        say(N_("会議を開催済みにした(終了後に記録)") if late else N_("会議を開催済みにした")),
        after={
            "status": meeting.status,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "recorded_at": now,
            "after_the_fact": late,
        },
    )


def add_action(meeting: Meeting, data: dict[str, Any], members: list[Member]) -> ActionItem:
    ensure_editable(meeting)
    owner = next((m for m in members if m.id == data["owner_member_id"]), None)
    if owner is None:
        raise NegotiationError(_("担当団体を選んでください。"), "owner_member_id")
    action = ActionItem(
        consortium_id=meeting.consortium_id,
        meeting_id=meeting.id,
        description=data["description"].strip(),
        owner_member_id=owner.id,
        due_date=data.get("due_date"),
    )
    db.session.add(action)
    db.session.flush()
    due = action.due_date.isoformat() if action.due_date else label(N_("なし"))
    log(
        "action.add",
        meeting,
        say(
            "宿題: %(text)s(担当 %(owner)s、期限 %(due)s)",
            text=action.description,
            owner=owner.name,
            due=due,
        ),
        after={"action_id": action.id, "owner": owner.name, "due_date": action.due_date},
    )
    return action


def complete_action(action: ActionItem, meeting: Meeting) -> None:
    if action.status == ActionStatus.DONE.value:
        raise NegotiationError(_("この宿題は既に完了しています。"))
    action.status, action.done_at = ActionStatus.DONE.value, utcnow()
    db.session.flush()
    summary = say("宿題を完了: %(text)s", text=action.description)
    log("action.done", meeting, summary, after={"action_id": action.id})


def position_data(data: dict[str, Any], source: Source) -> dict[str, Any]:
    """Form data for record_position: empty text fields as "", the source fixed."""
    texts = {k: data.get(k) or "" for k in ("statement", "reason", "conditions")}
    return data | texts | {"source": source.value}


def _on_agenda(meeting: Meeting, item: AgendaItem) -> None:
    """On this meeting's agenda, and the meeting has begun: what it records happened there."""
    if not any(e.item_id == item.id for e in meeting.agenda):
        raise NegotiationError(_("この会議の議題にない協議事項です。"))
    if (refusal := floor_refusal(meeting, utcnow())) is not None:
        raise NegotiationError(_(refusal))


def floor_position(
    meeting: Meeting,
    item: AgendaItem,
    member: Member,
    data: dict[str, Any],
    user: User,
    roles: ConsortiumRoles,
) -> Position:
    """A position stated in the meeting: source = this meeting, linked to it."""
    ensure_editable(meeting)
    _on_agenda(meeting, item)
    return negotiation_services.record_position(
        item, member, position_data(data, Source.MEETING), user, roles, meeting_id=meeting.id
    )


def floor_move(
    meeting: Meeting,
    item: AgendaItem,
    name: str,
    reason: str,
    user: User,
    roles: ConsortiumRoles,
    version: int | None,
) -> StateChange:
    """A state move decided in the meeting, linked to it."""
    ensure_editable(meeting)
    _on_agenda(meeting, item)
    return negotiation_services.move(
        item, name, reason, user, roles, version, meeting_id=meeting.id
    )
