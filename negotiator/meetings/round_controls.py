"""How a written round ends: closed (at its deadline or early), extended, cancelled, superseded.

The app closing a round at its deadline and a facilitator pressing 「締め切る」 go through the
same `close_round`, so both leave the same record. Views and the deadline job commit once
afterwards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import events
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.db import db, same_version, utcnow
from negotiator.i18n import reason_text
from negotiator.meetings.facts import Discussion
from negotiator.meetings.models import DeemedConsent, RoundItem, WrittenRound, as_utc
from negotiator.meetings.round_states import (
    BY_NAME,
    END_LABELS,
    EndCause,
    ItemResult,
    RoundState,
    check,
)
from negotiator.meetings.services import lock
from negotiator.message import N_, Message, concat, label, say
from negotiator.negotiation import queries as negotiation_queries
from negotiator.negotiation import workflow
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.services import ConflictError, NegotiationError

# For the domains above (negotiator.events): payloads as named.
ROUND_EVENT = "meetings.round_event"  # name (opened, closed, …), written
ROUND_EXTENDED = "meetings.round_extended"  # written, actor_id
# The audit log's actor when the app closes a round by itself (no user).
AT_DEADLINE = audit.system_actor(N_("期限到来"))


def notify(event: str, written: WrittenRound) -> None:
    """One call per round event; the notification engine decides who hears of it."""
    events.emit(ROUND_EVENT, name=event, written=written)


def _log(action: str, written: WrittenRound, summary: str, **kwargs: Any) -> None:
    consortium_id = written.negotiation.consortium_id
    audit.record(action, written, summary, consortium_id=consortium_id, **kwargs)


def _separated(parts: list[Message]) -> list[Message | str]:
    """The parts with 「; 」 between them."""
    out: list[Message | str] = []
    for part in parts:
        out += [say("; "), part] if out else [part]
    return out


def _begin(written: WrittenRound, move: str, version: object, now: dt.datetime) -> None:
    """Lock the round, refuse a stale form, and refuse a move the state table does not allow."""
    lock(WrittenRound, written.id)
    db.session.refresh(written)
    if version is not None and not same_version(version, written.version):
        raise ConflictError(
            _("他の人が先にこの書面協議を変更しました。現在の状態を確認してください。")
        )
    result = check(BY_NAME[move], written.round_state, as_utc(written.deadline), now, True)
    if not result.allowed:
        raise NegotiationError("、".join(reason_text(r) for r in result.reasons))


def _superseded(entry: RoundItem, item: AgendaItem) -> bool:
    """The question the round asked is gone: new wording, or the item left negotiation."""
    return (
        entry.result == ItemResult.SUPERSEDED.value
        or entry.revision_number != item.current_revision
        or item.state == workflow.State.WITHDRAWN.value
    )


def _record_results(written: WrittenRound, deem: bool) -> dict[int, dict[str, Any]]:
    """Each item's result, with みなし同意 where allowed: item number -> result, members deemed."""
    negotiation = written.negotiation
    members = negotiation_queries.members_of(negotiation.consortium_id)
    ids = [e.item_id for e in written.items]
    items = {
        i.id: i for i in db.session.scalars(sa.select(AgendaItem).where(AgendaItem.id.in_(ids)))
    }
    latest = negotiation_queries.latest_positions(ids)
    recorded: dict[int, dict[str, Any]] = {}
    for entry in written.items:
        item = items[entry.item_id]
        deemed: tuple = ()
        if _superseded(entry, item):
            entry.result = ItemResult.SUPERSEDED.value
        else:
            facts = negotiation_queries.item_facts(
                item, negotiation, members, latest.get(item.id, {}), Discussion(True, deem)
            )
            rule = workflow.rule_status(facts)
            entry.result = (ItemResult.MET if rule.met else ItemResult.NOT_MET).value
            deemed = rule.deemed
            entry.deemed = [DeemedConsent(member_id=m.id) for m in deemed]
        recorded[item.number] = {"result": entry.result, "deemed": [m.name for m in deemed]}
    return recorded


def close_round(
    written: WrittenRound,
    now: dt.datetime,
    *,
    user: User | None = None,
    version: object = None,
    early: EndCause = EndCause.EARLY,
) -> None:
    """Close the round and record each item's result; `user` None is the app at the deadline.

    みなし同意 applies only when the deadline has come: closing early never deems anyone.
    """
    _begin(written, "close", version, now)
    at_deadline = now >= as_utc(written.deadline)
    results = _record_results(written, at_deadline)
    everything_gone = all(e.result == ItemResult.SUPERSEDED.value for e in written.items)
    written.state = (RoundState.SUPERSEDED if everything_gone else RoundState.CLOSED).value
    cause = EndCause.SUPERSEDED if everything_gone else EndCause.DEADLINE if at_deadline else early
    written.end_cause = cause.value
    written.closed_at = now
    written.closed_by_id = user.id if user else None
    db.session.flush()
    summary = say(
        "書面協議 第%(n)s号を締め切り(%(cause)s)", n=written.number, cause=label(END_LABELS[cause])
    )
    if deemed := [
        say("協議事項%(n)s: %(members)s", n=n, members=r["deemed"])
        for n, r in results.items()
        if r["deemed"]
    ]:
        # みなし同意 must be explicit in the record: name the members deemed to consent.
        summary = concat(summary, say("(みなし同意: %(items)s)", items=concat(*_separated(deemed))))
    _log(
        "round.close",
        written,
        summary,
        before={"state": RoundState.OPEN.value},
        after={"state": written.state, "items": results},
        actor=None if user else AT_DEADLINE,
    )
    notify("round.closed", written)


def extend(
    written: WrittenRound,
    deadline: dt.datetime,
    version: object,
    now: dt.datetime,
    user: User | None = None,
) -> None:
    """Move the deadline later (later than now and than the current deadline); the negotiators
    hear of the new deadline (all but `user`, who moved it)."""
    _begin(written, "extend", version, now)
    deadline = deadline.astimezone(dt.UTC)
    old = as_utc(written.deadline)
    if deadline <= now or deadline <= old:
        raise NegotiationError(
            _("新しい回答期限は現在の期限と現在時刻より後にしてください。"), "deadline"
        )
    written.deadline = deadline
    db.session.flush()
    new = deadline.isoformat()
    _log(
        "round.extend",
        written,
        say(
            "書面協議 第%(n)s号の回答期限を延長 (%(old)s → %(new)s)",
            n=written.number,
            old=old.isoformat(),
            new=new,
        ),
        before={"deadline": old},
        after={"deadline": deadline},
    )
    events.emit(ROUND_EXTENDED, written=written, actor_id=user.id if user else None)


def cancel(
    written: WrittenRound, reason: str, user: User, version: object, now: dt.datetime
) -> None:
    """Stop the round without a result; the reason is required and kept."""
    _begin(written, "cancel", version, now)
    if not reason.strip():
        raise NegotiationError(_("中止の理由を入力してください。"), "reason")
    written.state = RoundState.CANCELLED.value
    written.end_cause = EndCause.CANCELLED.value
    written.closed_at = now
    written.closed_by_id = user.id
    written.end_reason = reason.strip()
    db.session.flush()
    _log(
        "round.cancel",
        written,
        say("書面協議 第%(n)s号を中止: %(reason)s", n=written.number, reason=written.end_reason),
        before={"state": RoundState.OPEN.value},
        after={"state": written.state, "reason": written.end_reason},
    )
    notify("round.cancelled", written)


CAUSES = {
    workflow.State.AGREED.value: N_("合意された"),
    workflow.State.WITHDRAWN.value: N_("取り下げられた"),
}
REVISED = N_("改訂された")
SUPERSEDED = N_("協議事項%(items)sが%(cause)sため、書面協議が失効")
EXCLUDED = N_("協議事項%(items)sが%(cause)sため、書面協議の対象から除外")


def supersede_for_item(item: AgendaItem, now: dt.datetime | None = None) -> int:
    """The item was revised, agreed or withdrawn: rounds still asking about it stop asking.

    Called in the same transaction as that change. A round past its deadline is left to be
    closed, because its answers are final and its result still stands.
    """
    now = now or utcnow()
    cause = CAUSES.get(item.state, REVISED)
    entries = db.session.scalars(
        sa.select(RoundItem)
        .join(WrittenRound, WrittenRound.id == RoundItem.round_id)
        .where(
            RoundItem.item_id == item.id,
            RoundItem.result.is_(None),
            WrittenRound.state == RoundState.OPEN.value,
            WrittenRound.deadline > now,
        )
    ).all()
    for entry in entries:
        supersede_entries(entry.round, {entry.item_id}, cause, now)
    return len(entries)


def supersede_entries(
    written: WrittenRound,
    item_ids: set[int],
    cause: str,
    now: dt.datetime,
    actor: audit.Actor | None = None,
) -> bool:
    """Mark these items of an open round superseded; the round ends when none is left."""
    lock(WrittenRound, written.id)
    db.session.refresh(written)
    if written.round_state != RoundState.OPEN:
        return False  # someone else ended it meanwhile
    numbers = []
    for entry in written.items:
        if entry.item_id in item_ids and entry.result is None:
            entry.result = ItemResult.SUPERSEDED.value
            numbers.append(entry.item.number)
    ended = all(e.result == ItemResult.SUPERSEDED.value for e in written.items)
    if ended:
        written.state = RoundState.SUPERSEDED.value
        written.end_cause = EndCause.SUPERSEDED.value
        written.closed_at = now
        written.closed_by_id = (actor or audit.current_actor()).id
        written.end_reason = cause
    db.session.flush()
    template = SUPERSEDED if ended else EXCLUDED
    _log(
        "round.supersede",
        written,
        say(template, items=[str(n) for n in numbers], cause=label(cause)),
        after={"state": written.state, "items": numbers, "cause": cause},
        actor=actor,
    )
    if ended:
        notify("round.superseded", written)
    return ended
