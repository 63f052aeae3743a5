"""出欠回答: each member says before a meeting who will come (出席 / 欠席 / 代理出席).

A member's liaison answers, or a facilitator on the member's behalf (recorded as such); the
answer can be changed until the meeting starts, a stale form is refused (version), and
attendance on the day (services.record_attendance) starts from the answers. Functions write
through the audit log in the caller's transaction; views commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from negotiator import paging
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db, same_version, utcnow
from negotiator.meetings.forms import RSVP_LABELS
from negotiator.meetings.models import (
    AttendanceAnswer,
    Meeting,
    Mode,
    Presence,
    Rsvp,
    Status,
    as_utc,
)
from negotiator.meetings.services import lock, log
from negotiator.message import Message, concat, label, say
from negotiator.negotiation.rules import N_
from negotiator.negotiation.services import ConflictError, NegotiationError

FIELDS = ("answer", "attendees", "note", "on_behalf")


def refusal(meeting: Meeting, now: dt.datetime) -> str | None:
    """Why no member can answer (or change) attendance now (a Japanese message id), or None.

    The meeting page says it and hides the links, and record_answer refuses with it: one rule.
    """
    if meeting.status == Status.CANCELLED.value:
        return N_("中止された会議には出欠を回答できません。")
    if meeting.status != Status.SCHEDULED.value:
        return N_("開催済みの会議には出欠を回答できません。当日の出欠は事務局が記録します。")
    if now >= as_utc(meeting.starts_at):
        return N_(
            "会議の開始日時を過ぎたため、出欠の回答は締め切りました。"
            "当日の出欠は事務局が記録します。"
        )
    return None


def answers(meeting: Meeting) -> dict[int, AttendanceAnswer]:
    """member id -> that member's answer for the meeting."""
    return {a.member_id: a for a in db.session.scalars(_answers(), {"meeting": meeting.id})}


@paging.prepared
def _answers() -> sa.Select:
    return (
        sa.select(AttendanceAnswer)
        .where(AttendanceAnswer.meeting_id == sa.bindparam("meeting"))
        .options(joinedload(AttendanceAnswer.answered_by))
    )


def names(text: str) -> str:
    """One attendee per line, blank lines and surrounding spaces dropped."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """The answer as stored: names only for someone coming, required then."""
    answer = Rsvp(data["answer"])
    attendees = names(data.get("attendees") or "")
    if answer == Rsvp.ABSENT:
        attendees = ""  # an absence names nobody, whatever was left in the field
    elif not attendees:
        raise NegotiationError(_("出席する方の職・氏名を入力してください。"), "attendees")
    return {
        "answer": answer.value,
        "attendees": attendees,
        "note": (data.get("note") or "").strip(),
    }


def record_answer(
    meeting: Meeting,
    member: Member,
    data: dict[str, Any],
    version: int | None,
    user: User,
    roles: ConsortiumRoles,
    now: dt.datetime | None = None,
) -> AttendanceAnswer:
    """Answer (or change) the member's attendance; `version` is 0 for a first answer."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    if member.consortium_id != meeting.consortium_id or member.left_on is not None:
        raise NegotiationError(_("この協議会の構成団体ではありません。"))
    if (why := refusal(meeting, now or utcnow())) is not None:
        raise NegotiationError(_(why))
    values = cleaned(data) | {"on_behalf": member.id not in roles.liaison_of}
    record = answers(meeting).get(member.id)
    if not same_version(version, record.version if record else 0):
        raise ConflictError(
            _("他の人が先にこの団体の出欠を回答しました。読み込み直して確認してください。")
        )
    before = audit.snapshot(record, FIELDS) if record else None
    if record is None:
        record = AttendanceAnswer(meeting_id=meeting.id, member_id=member.id)
        db.session.add(record)
    for name, value in values.items():
        setattr(record, name, value)
    record.answered_by_id, record.answered_at = user.id, utcnow()
    db.session.flush()
    log(
        "meeting.rsvp" if before is None else "meeting.rsvp_change",
        meeting,
        _summary(member, record, changed=before is not None),
        before=before,
        after=audit.snapshot(record, FIELDS) | {"member_id": member.id, "member": member.name},
    )
    return record


def _summary(member: Member, record: AttendanceAnswer, *, changed: bool) -> Message:
    answer = label(RSVP_LABELS[record.answer])
    parts = [say("%(member)sの出欠回答: %(answer)s", member=member.name, answer=answer)]
    if who := record.attendees.splitlines():
        parts.append(say("(%(names)s)", names=who))
    if changed:
        parts.append(say("(変更)"))
    if record.on_behalf:
        parts.append(say("(事務局が代理回答)"))
    return concat(*parts)


@dataclasses.dataclass(frozen=True)
class Overview:
    """Who is coming: the answers per member and the counts the meeting page shows."""

    answers: dict[int, AttendanceAnswer]
    counts: dict[str, int]  # answer value -> members; "none" for members without an answer
    people: int  # named attendees over every answer


def overview(members: list[Member], given: dict[int, AttendanceAnswer]) -> Overview:
    counts = {r.value: 0 for r in Rsvp} | {"none": 0}
    people = 0
    for member in members:
        record = given.get(member.id)
        counts[record.answer if record else "none"] += 1
        people += len(record.attendees.splitlines()) if record else 0
    return Overview({m.id: given[m.id] for m in members if m.id in given}, counts, people)


def attendance_rows(
    meeting: Meeting,
    members: list[Member],
    recorded: dict[int, sa.Row],
    given: dict[int, AttendanceAnswer],
) -> list[dict[str, Any]]:
    """The attendance form's first rows: what was recorded, else what the member answered."""
    coming = Presence.REMOTE if meeting.mode == Mode.ONLINE.value else Presence.IN_PERSON
    rows = []
    for member in members:
        if (row := recorded.get(member.id)) is not None:
            presence, attendees = row.presence, row.attendees
        elif (answer := given.get(member.id)) is not None:
            absent = answer.answer == Rsvp.ABSENT.value
            presence = Presence.ABSENT.value if absent else coming.value
            attendees = answer.attendees
        else:
            presence, attendees = Presence.IN_PERSON.value, ""
        rows.append({"member_id": member.id, "presence": presence, "attendees": attendees})
    return rows
