"""Minutes: saving the draft, publishing revisions, members' confirmation, reopening."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from negotiator import events, paging
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db, same_version, utcnow
from negotiator.meetings.models import (
    Answer,
    Meeting,
    MinutesConfirmation,
    MinutesRevision,
    MinutesSigner,
    Status,
)
from negotiator.meetings.services import ensure_editable, lock, log
from negotiator.message import N_, say
from negotiator.negotiation.queries import members_of
from negotiator.negotiation.services import ConflictError, NegotiationError

# For the domains above (negotiator.events): payloads as named.
MINUTES_PUBLISHED = "meetings.minutes_published"  # meeting, revision, members, actor_id

PUBLISHED = N_("議事録 第%(n)s版を公開")
PUBLISHED_NOTE = N_("議事録 第%(n)s版を公開: %(note)s")
CONFIRMED = N_("%(member)sが議事録 第%(n)s版を確認")
CHANGE_ASKED = N_("%(member)sが議事録 第%(n)s版を修正を依頼: %(comment)s")
BY_SIGNERS = N_("議事録署名人(%(signers)s)が確認し、議事録 第%(n)s版が確定")
BY_ALL = N_("全構成団体が確認し、議事録 第%(n)s版が確定")


def save_minutes(
    meeting: Meeting, notes: str, item_notes: dict[int, str], version: int | None
) -> None:
    """Save the draft, unless someone else saved since the form was loaded."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    ensure_editable(meeting)
    if not same_version(version, meeting.version):
        raise ConflictError(
            _(
                "編集中に他の人が議事録を保存しました。あなたの入力内容は下に残っています。"
                "別のタブで最新の議事録を確認し、必要な部分を反映してから保存し直してください。"
            )
        )
    entries = {e.id: e for e in meeting.agenda}
    if set(item_notes) - set(entries):
        raise NegotiationError(_("議題が変更されました。読み込み直してください。"))
    before = {"notes": meeting.notes, "items": {e.id: e.notes for e in entries.values()}}
    meeting.notes = notes
    for entry_id, text in item_notes.items():
        entries[entry_id].notes = text
    # Touching the meeting row bumps its version even when only item notes changed.
    meeting.minutes_saved_at = utcnow()
    db.session.flush()
    after = {"notes": meeting.notes, "items": {e.id: e.notes for e in entries.values()}}
    log("minutes.save", meeting, say("議事録を保存"), before=before, after=after)


def publish(meeting: Meeting, content: dict[str, Any], note: str, user: User) -> MinutesRevision:
    """Publish the draft as the next revision; members confirm that revision afresh."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    ensure_editable(meeting)
    if meeting.status != Status.HELD.value:
        raise NegotiationError(_("議事録は会議を開催済みにしてから公開できます。"))
    last = db.session.scalar(
        sa.select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting.id,
            MinutesRevision.number == meeting.minutes_revision,
        )
    )
    if last is not None and last.content == content:
        raise NegotiationError(_("前の版から議事録が変わっていません。"), "change_note")
    revision = MinutesRevision(
        meeting_id=meeting.id,
        number=meeting.minutes_revision + 1,
        content=content,
        change_note=note,
        published_by_id=user.id,
    )
    meeting.minutes_revision = revision.number
    db.session.add(revision)
    db.session.flush()
    log(
        "minutes.publish",
        meeting,
        say(PUBLISHED_NOTE if note else PUBLISHED, n=revision.number, note=note),
        after={"revision": revision.number, "change_note": note},
    )
    # Every member confirms each revision afresh (see lock_if_complete): their liaisons.
    members = members_of(meeting.consortium_id)
    events.emit(
        MINUTES_PUBLISHED, meeting=meeting, revision=revision, members=members, actor_id=user.id
    )
    return revision


def answers(meeting: Meeting) -> dict[int, MinutesConfirmation]:
    """member id -> latest answer on the current minutes revision."""
    params = {"meeting": meeting.id, "revision": meeting.minutes_revision}
    return {c.member_id: c for c in db.session.scalars(_answers(), params)}


@paging.prepared
def _answers() -> sa.Select:
    return (
        sa.select(MinutesConfirmation)
        .where(
            MinutesConfirmation.meeting_id == sa.bindparam("meeting"),
            MinutesConfirmation.revision_number == sa.bindparam("revision"),
        )
        .options(joinedload(MinutesConfirmation.user))
        .order_by(MinutesConfirmation.id)
    )


def confirm(
    meeting: Meeting,
    member: Member,
    data: dict[str, Any],
    user: User,
    members: list[Member],
) -> MinutesConfirmation:
    """A liaison confirms the published minutes for their member, or asks for a correction."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    if meeting.status != Status.HELD.value or meeting.minutes_revision == 0:
        raise NegotiationError(_("確認を受け付けている議事録がありません。"))
    if data["revision"] != meeting.minutes_revision:
        raise ConflictError(
            _(
                "議事録の第%(n)d版が公開されました。最新の版を読んでから確認してください。",
                n=meeting.minutes_revision,
            )
        )
    answer, comment = Answer(data["answer"]), (data.get("comment") or "").strip()
    if answer == Answer.CORRECTION and not comment:
        raise NegotiationError(_("修正を依頼する内容を入力してください。"), "comment")
    previous = answers(meeting).get(member.id)
    if previous is not None and previous.answer == Answer.CONFIRM.value:
        raise NegotiationError(_("%(member)sはこの版を既に確認済みです。", member=member.name))
    record = MinutesConfirmation(
        meeting_id=meeting.id,
        revision_number=meeting.minutes_revision,
        member_id=member.id,
        answer=answer.value,
        comment=comment,
        user_id=user.id,
    )
    db.session.add(record)
    db.session.flush()
    template = CONFIRMED if answer == Answer.CONFIRM else CHANGE_ASKED
    log(
        "minutes.answer",
        meeting,
        say(template, member=member.name, n=meeting.minutes_revision, comment=comment),
        after={"member": member.name, "answer": answer.value, "comment": comment},
    )
    lock_if_complete(meeting, members)
    return record


def signers(meeting: Meeting) -> list[MinutesSigner]:
    """The 議事録署名人 designated for this meeting, in the order they were designated."""
    return list(db.session.scalars(_signers(), {"meeting": meeting.id}))


@paging.prepared
def _signers() -> sa.Select:
    return (
        sa.select(MinutesSigner)
        .where(MinutesSigner.meeting_id == sa.bindparam("meeting"))
        .options(joinedload(MinutesSigner.member))
        .order_by(MinutesSigner.id)
    )


def lock_if_complete(meeting: Meeting, members: list[Member]) -> None:
    """Lock (確定) the minutes once every member whose word counts confirmed this revision:
    the 議事録署名人 when any are designated, otherwise every member of the council."""
    if meeting.status != Status.HELD.value or meeting.minutes_revision == 0:
        return
    designated = signers(meeting)
    needed = [s.member for s in designated] or members
    latest = answers(meeting)
    if not needed or any(
        m.id not in latest or latest[m.id].answer != Answer.CONFIRM.value for m in needed
    ):
        return
    meeting.status = Status.CONFIRMED.value
    db.session.flush()
    signed = [m.name for m in needed] if designated else []
    log(
        "minutes.confirmed",
        meeting,
        say(BY_SIGNERS if designated else BY_ALL, signers=signed, n=meeting.minutes_revision),
        after={
            "status": meeting.status,
            "revision": meeting.minutes_revision,
            "signers": [m.name for m in needed] if designated else [],
        },
    )


def reopen(meeting: Meeting, reason: str) -> None:
    """Unlock confirmed minutes for a correction; the reason goes into the audit trail."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    if meeting.status != Status.CONFIRMED.value:
        raise NegotiationError(_("確定していない議事録は再開できません。"))
    meeting.status = Status.HELD.value
    db.session.flush()
    log(
        "minutes.reopen",
        meeting,
        say("確定した議事録を修正のため再開: %(reason)s", reason=reason),
        before={"status": Status.CONFIRMED.value},
        after={"status": meeting.status, "reason": reason},
    )
