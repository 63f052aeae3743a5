"""議事録署名人: the facilitator designates members whose confirmation locks the minutes.

A common council practice: two members sign the minutes for all. Without any designated, every
member confirms (minutes.lock_if_complete holds the one rule for both).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm.attributes import flag_modified

from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db, same_version
from negotiator.meetings import minutes
from negotiator.meetings.models import Meeting, MinutesSigner
from negotiator.meetings.services import ensure_editable, lock, log
from negotiator.message import say
from negotiator.negotiation.services import ConflictError, NegotiationError


def designate(
    meeting: Meeting,
    member_ids: list[int],
    members: list[Member],
    version: object,
    user: User,
) -> None:
    """Make exactly these members the 議事録署名人 (none: every member confirms)."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    ensure_editable(meeting)
    if not same_version(version, meeting.version):
        raise ConflictError(_("他の人が先にこの会議を変更しました。読み込み直してください。"))
    by_id = {m.id: m for m in members}
    if set(member_ids) - set(by_id):
        raise NegotiationError(_("この協議会の構成団体を選んでください。"), "member_ids")
    current = {s.member_id: s for s in minutes.signers(meeting)}
    wanted = set(member_ids)
    if wanted == set(current):
        raise NegotiationError(_("議事録署名人は変わっていません。"), "member_ids")
    for member_id in set(current) - wanted:
        db.session.delete(current[member_id])
    # In the council's order, so that the audit and the PDF list them alike.
    chosen = [m for m in members if m.id in wanted]
    for member in chosen:
        if member.id not in current:
            db.session.add(
                MinutesSigner(meeting_id=meeting.id, member_id=member.id, designated_by_id=user.id)
            )
    # The designation is part of the meeting: a page loaded before it is out of date.
    flag_modified(meeting, "notes")
    db.session.flush()
    _log(meeting, [s.member.name for s in current.values()], [m.name for m in chosen])
    # Those now designated may all have confirmed this revision already.
    minutes.lock_if_complete(meeting, members)


def _log(meeting: Meeting, before: list[str], after: list[str]) -> None:
    summary = (
        say("議事録署名人を指定: %(signers)s", signers=after)
        if after
        else say("議事録署名人の指定を解除(全構成団体が確認)")
    )
    log(
        "minutes.signers",
        meeting,
        summary,
        before={"signers": before},
        after={"signers": after},
    )
