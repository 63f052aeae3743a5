"""Deadlines that act by themselves: the job engine calls `close_due_rounds` periodically.

Each round is handled in its own transaction, so one failure does not hold back the others.
Several workers may run this at once: each locks the round's row and re-reads its state, so a
round is closed once and the others skip it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import sqlalchemy as sa

from negotiator.audit import services as audit
from negotiator.db import db
from negotiator.meetings import round_controls
from negotiator.meetings.models import RoundItem, WrittenRound, as_utc
from negotiator.meetings.round_states import RoundState
from negotiator.meetings.services import lock
from negotiator.message import N_
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.workflow import State

log = logging.getLogger(__name__)

# Safety net for rounds whose item changed without the hook in negotiation.services (older data).
SWEEP = audit.system_actor(N_("定期確認"))
GONE = (State.AGREED.value, State.WITHDRAWN.value)


def close_due_rounds(now: dt.datetime) -> int:
    """Close every open round whose deadline has come, applying みなし同意 where its rule allows,
    and end open rounds none of whose items can still be answered. Returns how many ended.

    `now` is an aware datetime (the job passes the current time; tests pass any time)."""
    if now.tzinfo is None:
        raise ValueError("close_due_rounds needs an aware datetime (UTC)")
    now = now.astimezone(dt.UTC)
    due = list(
        db.session.scalars(
            sa.select(WrittenRound.id)
            .where(WrittenRound.state == RoundState.OPEN.value, WrittenRound.deadline <= now)
            .order_by(WrittenRound.deadline, WrittenRound.id)
        )
    )
    stale = db.session.execute(
        sa.select(RoundItem.round_id, RoundItem.item_id, AgendaItem.state)
        .join(WrittenRound, WrittenRound.id == RoundItem.round_id)
        .join(AgendaItem, AgendaItem.id == RoundItem.item_id)
        .where(WrittenRound.state == RoundState.OPEN.value, WrittenRound.deadline > now)
        .where(RoundItem.result.is_(None))
        .where(
            (AgendaItem.current_revision != RoundItem.revision_number) | AgendaItem.state.in_(GONE)
        )
        .order_by(RoundItem.round_id, RoundItem.item_id)
    ).all()
    db.session.rollback()  # end the read; each round gets a transaction of its own
    ended = sum(_in_transaction(round_id, lambda w: _close(w, now)) for round_id in due)
    for round_id, item_id, state in stale:
        cause = round_controls.CAUSES.get(state, round_controls.REVISED)
        ended += _in_transaction(
            round_id,
            lambda w, i=item_id, c=cause: round_controls.supersede_entries(w, {i}, c, now, SWEEP),
        )
    return ended


def _close(written: WrittenRound, now: dt.datetime) -> bool:
    lock(WrittenRound, written.id)
    db.session.refresh(written)
    # Another worker closed it, or a facilitator extended the deadline, meanwhile.
    if written.round_state != RoundState.OPEN or now < as_utc(written.deadline):
        return False
    round_controls.close_round(written, now)
    return True


def _in_transaction(round_id: int, work: Callable[[WrittenRound], bool]) -> int:
    """Run `work` on one round and commit; 1 if it ended the round."""
    try:
        written = db.session.get(WrittenRound, round_id)
        ended = written is not None and work(written)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("written round %s could not be closed", round_id)
        return 0
    return int(ended)
