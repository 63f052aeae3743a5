"""Written round (書面協議) states: the one transition table, its guards and who may use it.

Pure module (stdlib only). A round is open until it is closed (at its deadline by the system, or
early by the facilitator), cancelled by the facilitator with a reason, or superseded when none
of its items can still be answered (revised, agreed or withdrawn after the round opened).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from negotiator.negotiation.rules import N_, Reason


class RoundState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


class ItemResult(StrEnum):
    """What a round concluded about one of its items, recorded when it ends."""

    MET = "met"
    NOT_MET = "not_met"
    SUPERSEDED = "superseded"


class EndCause(StrEnum):
    """Why a round stopped taking answers."""

    DEADLINE = "deadline"
    ALL_ANSWERED = "all_answered"
    EARLY = "early"  # a facilitator closed it before the deadline
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


END_LABELS: dict[EndCause, str] = {
    EndCause.DEADLINE: N_("回答期限の到来により締め切りました"),
    EndCause.ALL_ANSWERED: N_("全団体の回答がそろったため締め切りました"),
    EndCause.EARLY: N_("事務局が期限前に締め切りました(未回答の団体はみなし同意になりません)"),
    EndCause.CANCELLED: N_("事務局が中止しました"),
    EndCause.SUPERSEDED: N_("対象の協議事項がすべて改訂・合意・取下げされたため失効しました"),
}

STATE_LABELS: dict[RoundState, str] = {
    RoundState.OPEN: N_("回答受付中"),
    RoundState.CLOSED: N_("締切済み"),
    RoundState.CANCELLED: N_("中止"),
    RoundState.SUPERSEDED: N_("失効"),
}

RESULT_LABELS: dict[ItemResult, str] = {
    ItemResult.MET: N_("決定方法を満たしました"),
    ItemResult.NOT_MET: N_("決定方法を満たしませんでした"),
    ItemResult.SUPERSEDED: N_("失効(開始後に改訂・合意・取下げされました)"),
}

FACILITATOR_ONLY = N_("事務局のみが行えます")
NOT_OPEN = N_("「%(state)s」の書面協議では「%(action)s」はできません")
DEADLINE_PASSED = N_("回答期限を過ぎています。締め切ると結果が確定します")


@dataclass(frozen=True)
class RoundMove:
    """One row of the table. `system` moves are made by the app itself, never offered."""

    name: str
    source: RoundState
    target: RoundState
    label: str
    before_deadline: bool = False
    needs_reason: bool = False
    needs_deadline: bool = False
    system: bool = False


# THE transition table of written rounds.
MOVES: tuple[RoundMove, ...] = (
    RoundMove("close", RoundState.OPEN, RoundState.CLOSED, N_("締め切る")),
    RoundMove(
        "extend",
        RoundState.OPEN,
        RoundState.OPEN,
        N_("期限を延長する"),
        before_deadline=True,
        needs_deadline=True,
    ),
    RoundMove(
        "cancel",
        RoundState.OPEN,
        RoundState.CANCELLED,
        N_("中止する"),
        before_deadline=True,
        needs_reason=True,
    ),
    RoundMove("supersede", RoundState.OPEN, RoundState.SUPERSEDED, N_("失効させる"), system=True),
)
BY_NAME: dict[str, RoundMove] = {m.name: m for m in MOVES}


@dataclass(frozen=True)
class MoveCheck:
    move: RoundMove
    allowed: bool
    reasons: tuple[Reason, ...]


def check(
    move: RoundMove, state: RoundState, deadline: dt.datetime, now: dt.datetime, facilitator: bool
) -> MoveCheck:
    """Whether `move` may be made now by this person, and if not, why."""
    reasons: list[Reason] = []
    if not facilitator and not move.system:
        reasons.append(Reason(FACILITATOR_ONLY, {}))
    if state != move.source:
        reasons.append(Reason(NOT_OPEN, {"state": STATE_LABELS[state], "action": move.label}))
    elif move.before_deadline and now >= deadline:
        # Past the deadline the answers are final: only closing (which records them) is left.
        reasons.append(Reason(DEADLINE_PASSED, {}))
    return MoveCheck(move, not reasons, tuple(reasons))


def offered(
    state: RoundState, deadline: dt.datetime, now: dt.datetime, facilitator: bool
) -> tuple[MoveCheck, ...]:
    """The moves a person sees on the round page, allowed or not, with the reasons."""
    return tuple(
        check(m, state, deadline, now, facilitator)
        for m in MOVES
        if m.source == state and not m.system
    )


def accepts_answers(state: RoundState, deadline: dt.datetime, now: dt.datetime) -> bool:
    """Answers are taken while the round is open and its deadline (itself closed) is ahead."""
    return state == RoundState.OPEN and now < deadline


def deems_consent(
    state: RoundState, deadline: dt.datetime, closed_at: dt.datetime | None, now: dt.datetime
) -> bool:
    """みなし同意 may apply once the deadline was reached; a round ended before it never deems."""
    if state == RoundState.OPEN:
        return now >= deadline
    return state == RoundState.CLOSED and closed_at is not None and closed_at >= deadline
