"""The events that notify, one function each; services call them with one line.

Each names its kind, a key unique to the event (so one event is one message per recipient),
the page to open, the words' parameters, and exactly who is concerned. Adding an event is one
more function here and one call in its service.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from negotiator.consortia.models import Member, Role
from negotiator.db import db
from negotiator.meetings.models import as_utc
from negotiator.notifications import audience, mail
from negotiator.notifications.mail import path_for
from negotiator.notifications.models import Kind
from negotiator.notifications.services import Attachment, Event, follow, notify

if TYPE_CHECKING:
    from negotiator.agreements.models import Agreement, Approval
    from negotiator.auth.models import User
    from negotiator.meetings.models import ActionItem, Meeting, MinutesRevision, WrittenRound
    from negotiator.negotiation.discussion_models import Comment
    from negotiator.negotiation.models import AgendaItem, Position, ProposalRevision, StateChange


def _item_event(kind: Kind, key: str, item: AgendaItem, **params: object) -> Event:
    return Event(
        kind=kind,
        key=key,
        consortium_id=item.negotiation.consortium_id,
        path=path_for("negotiation.item", item_id=item.id),
        params={"number": item.number, "title": item.title, **params},
    )


def item_proposed(item: AgendaItem, author: User) -> None:
    """Every member has to give a position: facilitators and all liaisons hear of it."""
    follow(author, item.id)
    event = _item_event(Kind.ITEM_NEW, f"item.new:{item.id}", item)
    notify(event, audience.negotiators(event.consortium_id), actor_id=author.id)


def item_revised(item: AgendaItem, revision: ProposalRevision, author: User) -> None:
    """Older positions are stale: liaisons reconfirm; facilitators and followers hear of it."""
    if revision.number == 1:
        return  # the first revision is the proposal itself (item_proposed)
    follow(author, item.id)
    event = _item_event(
        Kind.ITEM_REVISED, f"item.revise:{revision.id}", item, revision=revision.number
    )
    concerned = audience.negotiators(event.consortium_id) | audience.followers(item.id)
    notify(event, concerned, actor_id=author.id)


def position_recorded(item: AgendaItem, position: Position, user: User) -> None:
    """Followers hear of every position; an objection also reaches the facilitators."""
    follow(user, item.id)
    objection = position.stance == "object"
    event = _item_event(
        Kind.OBJECTION if objection else Kind.POSITION,
        f"position:{position.id}",
        item,
        member=position.member.name,
        stance=position.stance,
    )
    concerned = audience.followers(item.id)
    if objection:
        concerned |= audience.with_role(event.consortium_id, Role.FACILITATOR)
    notify(event, concerned, actor_id=user.id)


def comment_mentioned(comment: Comment, item: AgendaItem, member_id: int, author: User) -> None:
    """The named member's liaisons, once per comment and member (an edit naming it again is
    the same event)."""
    member = db.session.get(Member, member_id)
    event = _item_event(
        Kind.MENTION, f"comment.mention:{comment.id}:{member_id}", item, member=member.name
    )
    event = dataclasses.replace(event, path=f"{event.path}#comment-{comment.id}")
    liaisons = audience.with_role(event.consortium_id, Role.LIAISON, member_ids=[member_id])
    notify(event, liaisons, actor_id=author.id)


def state_changed(item: AgendaItem, change: StateChange, user: User) -> None:
    event = _item_event(Kind.STATE_CHANGE, f"item.move:{change.id}", item, state=change.to_state)
    concerned = audience.negotiators(event.consortium_id) | audience.followers(item.id)
    notify(event, concerned, actor_id=user.id)


def agreement_sent(agreement: Agreement) -> None:
    """Every signatory of the consortium is asked to sign (even one who sent it)."""
    consortium_id = agreement.negotiation.consortium_id
    event = Event(
        kind=Kind.SIGNATURE,
        key=f"agreement.send:{agreement.id}",
        consortium_id=consortium_id,
        path=path_for("agreements.show", agreement_id=agreement.id),
        params={"title": agreement.title, "number": agreement.number},
    )
    notify(event, audience.with_role(consortium_id, Role.SIGNATORY))


# A round's end, whatever ended it, is one event: closed (at the deadline or by hand),
# cancelled or superseded. An extension (round_extended) and the reminders before the deadline
# (round_reminder) have their own keys, so each new deadline is told once.
ROUND_KINDS = {
    "round.opened": Kind.ROUND_OPENED,
    "round.closed": Kind.ROUND_CLOSED,
    "round.cancelled": Kind.ROUND_CLOSED,
    "round.superseded": Kind.ROUND_CLOSED,
}


def _round_event(kind: Kind, key: str, written: WrittenRound, **params: object) -> Event:
    return Event(
        kind=kind,
        key=key,
        consortium_id=written.negotiation.consortium_id,
        path=path_for("meetings.round", round_id=written.id),
        params={"title": written.title, **params},
    )


def round_event(name: str, written: WrittenRound) -> None:
    """Facilitators and every liaison: they answer a round, and learn how it ended."""
    kind = ROUND_KINDS.get(name)
    if kind is None:
        return
    stage = "open" if kind == Kind.ROUND_OPENED else "end"
    event = _round_event(kind, f"round.{stage}:{written.id}", written)
    actor = written.opened_by_id if stage == "open" else written.closed_by_id
    notify(event, audience.negotiators(event.consortium_id), actor_id=actor)


def round_extended(written: WrittenRound, actor_id: int | None) -> None:
    """Everyone who answers or runs the round learns the new deadline (once per deadline)."""
    deadline = as_utc(written.deadline)
    event = _round_event(
        Kind.ROUND_REMINDER,
        f"round.extend:{written.id}:{deadline:%Y%m%dT%H%M%SZ}",
        written,
        deadline=deadline.isoformat(),
        variant="extended",
    )
    notify(event, audience.negotiators(event.consortium_id), actor_id=actor_id)


def round_reminder(written: WrittenRound, days: int, member_ids: list[int]) -> int:
    """The liaisons of members who still owe an answer (never the facilitators)."""
    deadline = as_utc(written.deadline)
    event = _round_event(
        Kind.ROUND_REMINDER,
        f"round.remind{days}:{written.id}",
        written,
        deadline=deadline.isoformat(),
    )
    liaisons = audience.with_role(event.consortium_id, Role.LIAISON, member_ids=member_ids)
    return notify(event, liaisons)


def _agreement_event(key: str, agreement: Agreement, **params: object) -> Event:
    return Event(
        kind=Kind.SIGNED,
        key=key,
        consortium_id=agreement.negotiation.consortium_id,
        path=path_for("agreements.show", agreement_id=agreement.id),
        params={"title": agreement.title, "number": agreement.number, **params},
    )


def agreement_signed(agreement: Agreement, member: Member, actor_id: int | None) -> None:
    """Facilitators and the other parties' signatories see the signing progress."""
    event = _agreement_event(
        f"agreement.sign:{agreement.id}:{member.id}", agreement, member=member.name
    )
    signatories = audience.with_role(event.consortium_id, Role.SIGNATORY)
    own = audience.with_role(event.consortium_id, Role.SIGNATORY, member_ids=[member.id])
    concerned = audience.with_role(event.consortium_id, Role.FACILITATOR) | (signatories - own)
    notify(event, concerned, actor_id=actor_id)


def agreement_executed(agreement: Agreement) -> None:
    """Every user of the council, whatever their role: the agreement is in force."""
    event = _agreement_event(f"agreement.executed:{agreement.id}", agreement, variant="executed")
    notify(event, audience.with_role(event.consortium_id, *Role))


def approvals_requested(agreement: Agreement, member_ids: list[int]) -> None:
    """The council requires 決裁 before signing: these members' liaisons are asked to record it
    (once per frozen content: a version frozen again asks again)."""
    if not member_ids:
        return
    consortium_id = agreement.negotiation.consortium_id
    event = Event(
        kind=Kind.APPROVAL,
        key=f"approval.request:{agreement.id}:{agreement.content_hash}",
        consortium_id=consortium_id,
        path=path_for("agreements.show", agreement_id=agreement.id),
        params={"title": agreement.title, "number": agreement.number},
    )
    notify(event, audience.with_role(consortium_id, Role.LIAISON, member_ids=member_ids))


def approval_recorded(
    agreement: Agreement, member: Member, approval: Approval, actor_id: int | None
) -> None:
    """Facilitators and the member's signatories: the member can sign now (each correction is
    its own event, a retry of one is not)."""
    consortium_id = agreement.negotiation.consortium_id
    event = Event(
        kind=Kind.APPROVAL,
        key=f"approval.record:{approval.id}:{approval.version}",
        consortium_id=consortium_id,
        path=path_for("agreements.show", agreement_id=agreement.id),
        params={
            "title": agreement.title,
            "number": agreement.number,
            "member": member.name,
            "variant": approval.status,
        },
    )
    concerned = audience.with_role(consortium_id, Role.FACILITATOR) | audience.with_role(
        consortium_id, Role.SIGNATORY, member_ids=[member.id]
    )
    notify(event, concerned, actor_id=actor_id)


def action_due(action: ActionItem, consortium_id: int, *, overdue: bool) -> int:
    """The owner member's liaisons and the facilitators: once before the date, once after."""
    stage = "overdue" if overdue else "due"
    params: dict[str, object] = {"title": _short(action.description)}
    params["due"] = action.due_date.isoformat() if action.due_date else ""
    if overdue:
        params["variant"] = "overdue"
    event = Event(
        kind=Kind.ACTION_DUE,
        key=f"action.{stage}:{action.id}",
        consortium_id=consortium_id,
        path=path_for("meetings.meeting", meeting_id=action.meeting_id) + "#actions",
        params=params,
    )
    concerned = audience.with_role(consortium_id, Role.FACILITATOR) | audience.with_role(
        consortium_id, Role.LIAISON, member_ids=[action.owner_member_id]
    )
    return notify(event, concerned)


def _short(text: str, limit: int = 40) -> str:
    """The first line of a description, cut for a headline (the page has the whole text)."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --- meetings ------------------------------------------------------------------------------
# Scheduled, moved and cancelled meetings carry the .ics (same UID as the page's download, and
# the meeting's version as SEQUENCE, so calendars update or remove the one entry they hold).
MEETING_CHANGES = {
    "scheduled": ("meeting.new:{id}", "REQUEST"),
    "moved": ("meeting.move:{id}:{version}", "REQUEST"),
    "cancelled": ("meeting.cancel:{id}", "CANCEL"),
}


def _meeting_event(
    kind: Kind, key: str, meeting: Meeting, attachment: Attachment | None = None, **params: object
) -> Event:
    return Event(
        kind=kind,
        key=key,
        consortium_id=meeting.consortium_id,
        path=path_for("meetings.meeting", meeting_id=meeting.id),
        params={"title": meeting.title, "starts_at": as_utc(meeting.starts_at).isoformat()}
        | params,
        attachment=attachment,
    )


def meeting_changed(change: str, meeting: Meeting, actor_id: int | None) -> None:
    """Facilitators and every liaison: they attend (or send someone) for their member."""
    from negotiator.meetings import ical

    template, method = MEETING_CHANGES[change]
    sender = mail.settings().sender or None
    invitation = Attachment(
        filename=f"meeting-{meeting.id}.ics",
        content_type=f"{ical.MIMETYPE}; method={method}",
        data=ical.calendar([meeting], method=method, organizer=sender),
    )
    key = template.format(id=meeting.id, version=meeting.version)
    event = _meeting_event(Kind.MEETING, key, meeting, invitation, change=change)
    notify(event, audience.negotiators(event.consortium_id), actor_id=actor_id)


def agenda_published(meeting: Meeting, actor_id: int | None) -> None:
    """Each publication is its own event: publishing a changed agenda again tells them again."""
    key = f"agenda.publish:{meeting.id}:{meeting.agenda_publish_count}"
    event = _meeting_event(Kind.AGENDA, key, meeting)
    notify(event, audience.negotiators(event.consortium_id), actor_id=actor_id)


def minutes_published(
    meeting: Meeting, revision: MinutesRevision, members: list[Member], actor_id: int | None
) -> None:
    """The liaisons of the members who confirm the minutes (every member), per revision."""
    consortium_id = meeting.consortium_id
    event = _meeting_event(
        Kind.MINUTES, f"minutes.publish:{revision.id}", meeting, revision=revision.number
    )
    liaisons = audience.with_role(consortium_id, Role.LIAISON, member_ids=[m.id for m in members])
    notify(event, liaisons, actor_id=actor_id)
