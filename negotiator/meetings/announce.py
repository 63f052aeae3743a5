"""Telling the members about a scheduled meeting: publishing its agenda, or calling it off.

Both write the audit entry and the notifications in the caller's transaction; views commit.
"""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _

from negotiator import events
from negotiator.db import db, same_version, utcnow
from negotiator.meetings.models import Meeting, Status
from negotiator.meetings.services import MEETING_CHANGED, ensure_editable, lock, log
from negotiator.message import say
from negotiator.negotiation.rules import N_
from negotiator.negotiation.services import ConflictError, NegotiationError

# For the domains above (negotiator.events): payloads as named.
AGENDA_PUBLISHED = "meetings.agenda_published"  # meeting, actor_id


def agenda_digest(meeting: Meeting) -> str:
    """The agenda's items in their order: what members were told, to see whether it changed."""
    order = ",".join(
        str(e.item_id) if e.item_id else f"free:{e.title}\x1f{e.note}" for e in meeting.agenda
    )
    return hashlib.sha256(order.encode()).hexdigest()


def agenda_refusal(meeting: Meeting) -> str | None:
    """Why the agenda cannot be published now (a Japanese message id), or None when it can.

    The page shows and enables the button from this, and the service refuses with it: one rule.
    """
    if meeting.status != Status.SCHEDULED.value:
        return N_("議題は開催予定の会議についてだけ公開できます。")
    if not meeting.agenda:
        return N_("議題がまだありません。")
    if meeting.agenda_publish_count and meeting.agenda_digest == agenda_digest(meeting):
        return N_("前回の公開から議題が変わっていません。")
    return None


def publish_agenda(meeting: Meeting, actor_id: int | None) -> None:
    """Publish (or publish again after a change) the agenda; the negotiators are notified."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    ensure_editable(meeting)
    refusal = agenda_refusal(meeting)
    if refusal is not None:
        raise NegotiationError(_(refusal))
    meeting.agenda_digest = agenda_digest(meeting)
    meeting.agenda_publish_count += 1
    meeting.agenda_published_at = utcnow()
    db.session.flush()
    titles = [e.heading for e in meeting.agenda]
    log(
        "meeting.agenda_publish",
        meeting,
        say("議題を公開(第%(n)s回): %(items)s", n=meeting.agenda_publish_count, items=titles),
        after={"publish_count": meeting.agenda_publish_count, "items": titles},
    )
    events.emit(AGENDA_PUBLISHED, meeting=meeting, actor_id=actor_id)


def cancel_meeting(meeting: Meeting, reason: str, version: str | None, actor_id: int) -> None:
    """Call off a scheduled meeting, with its reason; the negotiators get METHOD:CANCEL."""
    lock(Meeting, meeting.id)
    db.session.refresh(meeting)
    ensure_editable(meeting)
    if meeting.status != Status.SCHEDULED.value:
        raise NegotiationError(_("開催済みの会議は中止できません。"))
    if not same_version(version, meeting.version):
        raise ConflictError(_("他の人が先にこの会議を変更しました。読み込み直してください。"))
    reason = reason.strip()
    if not reason:
        raise NegotiationError(_("中止の理由を入力してください。"), "reason")
    meeting.status = Status.CANCELLED.value
    meeting.cancel_reason = reason
    meeting.cancelled_at = utcnow()
    db.session.flush()
    log(
        "meeting.cancel",
        meeting,
        say("会議「%(title)s」を中止: %(reason)s", title=meeting.title, reason=reason),
        before={"status": Status.SCHEDULED.value},
        after={"status": meeting.status, "reason": reason},
    )
    events.emit(MEETING_CHANGED, change="cancelled", meeting=meeting, actor_id=actor_id)
