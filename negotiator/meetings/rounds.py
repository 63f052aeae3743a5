"""Written rounds (書面協議): opening them, answers from liaisons, closing when all are in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db, utcnow
from negotiator.meetings import round_controls
from negotiator.meetings.models import RoundItem, WrittenRound
from negotiator.meetings.round_states import EndCause
from negotiator.meetings.services import lock, position_data
from negotiator.message import say
from negotiator.negotiation import services as negotiation_services
from negotiator.negotiation import workflow
from negotiator.negotiation.models import AgendaItem, Negotiation, Position, Source
from negotiator.negotiation.services import ConflictError, NegotiationError


def _log(action: str, written: WrittenRound, summary: str, **kwargs: Any) -> None:
    consortium_id = written.negotiation.consortium_id
    audit.record(action, written, summary, consortium_id=consortium_id, **kwargs)


def open_round(
    negotiation: Negotiation,
    data: dict[str, Any],
    items: list[AgendaItem],
    user: User,
    now: dt.datetime | None = None,
) -> WrittenRound:
    """Put open items to the members in writing until `data['deadline']` (UTC)."""
    now = now or utcnow()
    data = data | {"deadline": data["deadline"].astimezone(dt.UTC)}
    if data["deadline"] <= now:
        raise NegotiationError(_("回答期限は現在より後にしてください。"), "deadline")
    if not items or any(
        i.negotiation_id != negotiation.id
        or not workflow.accepts_positions(workflow.State(i.state))
        for i in items
    ):
        raise NegotiationError(_("協議中または提案中の協議事項を選んでください。"), "item_ids")
    lock(Negotiation, negotiation.id)
    number = 1 + db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(WrittenRound.number), 0)).where(
            WrittenRound.negotiation_id == negotiation.id
        )
    )
    written = WrittenRound(
        negotiation=negotiation,
        number=number,
        title=data["title"],
        deadline=data["deadline"],
        opened_by_id=user.id,
        opened_at=now,  # the reminders count from it (tests open rounds at any time)
    )
    written.items = [RoundItem(item_id=i.id, revision_number=i.current_revision) for i in items]
    db.session.add(written)
    db.session.flush()
    _log(
        "round.open",
        written,
        say(
            "書面協議 第%(n)s号「%(title)s」を開始(期限 %(deadline)s)",
            n=number,
            title=written.title,
            deadline=data["deadline"].isoformat(),
        ),
        after={"items": [i.number for i in items], "deadline": data["deadline"]},
    )
    round_controls.notify("round.opened", written)
    return written


def answer(
    written: WrittenRound,
    item: AgendaItem,
    member: Member,
    data: dict[str, Any],
    user: User,
    roles: ConsortiumRoles,
    members: list[Member],
    now: dt.datetime | None = None,
) -> Position:
    """A member's answer on one item of the round (source = this round)."""
    now = now or utcnow()
    lock(WrittenRound, written.id)
    db.session.refresh(written)
    if written.is_closed(now):
        raise NegotiationError(_("この書面協議は締め切られました。"))
    entry = next((e for e in written.items if e.item_id == item.id), None)
    if entry is None:
        raise NegotiationError(_("この書面協議の対象ではない協議事項です。"))
    if entry.revision_number != item.current_revision:
        raise ConflictError(
            _("書面協議の開始後に提案文が改訂されたため、この回答は受け付けられません。")
        )
    position = negotiation_services.record_position(
        item, member, position_data(data, Source.ROUND), user, roles, round_id=written.id
    )
    _close_if_complete(written, members, user, now)
    return position


def _close_if_complete(
    written: WrittenRound, members: list[Member], user: User, now: dt.datetime
) -> None:
    answered = set(
        db.session.execute(
            sa.select(Position.item_id, Position.member_id)
            .where(Position.round_id == written.id)
            .distinct()
        ).all()
    )
    answered = {tuple(row) for row in answered}
    # Items superseded meanwhile can no longer be answered: they do not hold the round open.
    live = [e for e in written.items if e.result is None]
    wanted = {(e.item_id, m.id) for e in live for m in members}
    if wanted <= answered:
        round_controls.close_round(written, now, user=user, early=EndCause.ALL_ANSWERED)
