"""Agenda item workflow: the one transition table, its guards and who may use it.

Pure module (stdlib only). Callers supply the facts about an item and who is asking; this
module says which moves are allowed now and, for the others, why not in words a municipal
user understands. Enforcing the reason text of `requires_reason` moves is the caller's job,
because the text is typed by the user at the moment of the move.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from negotiator.negotiation.rules import (
    N_,
    MemberRef,
    PositionFact,
    Reason,
    Rule,
    RuleResult,
    evaluate,
)


class State(StrEnum):
    """Where an agenda item is in its life."""

    PROPOSED = "proposed"
    DISCUSSED = "discussed"
    AGREED = "agreed"
    WITHDRAWN = "withdrawn"


STATE_LABELS: dict[State, str] = {
    State.PROPOSED: N_("提案"),
    State.DISCUSSED: N_("協議中"),
    State.AGREED: N_("合意"),
    State.WITHDRAWN: N_("取下げ"),
}

NOT_DISCUSSED = N_("会議または書面協議でまだ協議されていません")
FACILITATOR_ONLY = N_("事務局のみが行えます")
FACILITATOR_OR_PROPOSER = N_("事務局または提案した構成団体の担当者のみが行えます")
WRONG_STATE = N_("「%(state)s」の協議事項では「%(action)s」はできません")
UNKNOWN_ACTION = N_("「%(action)s」という操作はありません")
FROZEN_BY_AGREEMENT = N_(
    "締結済みの%(agreement)sに含まれているため変更できません。"
    "変更するには変更協定を締結する必要があります"
)


@dataclass(frozen=True)
class AgreementHold:
    """A live agreement (out for signature or executed) that includes the item."""

    title: str  # e.g. 「…に関する協定書(第1版)」
    executed: bool
    signed_by: tuple[str, ...] = ()  # members that have signed it so far
    # The amendment agreement (変更協定) in progress that released the item for negotiation.
    released_by: str = ""


@dataclass(frozen=True)
class Actor:
    """Who is asking: a facilitator, and/or a liaison of some members."""

    is_facilitator: bool
    liaison_member_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ItemFacts:
    """Everything the workflow needs to know about one agenda item."""

    state: State
    current_revision: int
    members: tuple[MemberRef, ...]
    positions: Mapping[int, PositionFact]
    rule: Rule
    deemed_consent: bool = False
    deadline_passed: bool = False
    # Held meeting, written round, or a facilitator's explicit note: the caller decides.
    discussed: bool = False
    proposing_member_id: int | None = None
    agreement: AgreementHold | None = None


Guard = Callable[[ItemFacts], tuple[Reason, ...]]


def _no_guard(facts: ItemFacts) -> tuple[Reason, ...]:
    return ()


def _was_discussed(facts: ItemFacts) -> tuple[Reason, ...]:
    return () if facts.discussed else (Reason(NOT_DISCUSSED, {}),)


def rule_status(facts: ItemFacts) -> RuleResult:
    """Evaluate the item's decision rule on its current revision."""
    return evaluate(
        facts.rule,
        facts.members,
        facts.positions,
        facts.current_revision,
        deemed_consent=facts.deemed_consent,
        deadline_passed=facts.deadline_passed,
    )


def _rule_met(facts: ItemFacts) -> tuple[Reason, ...]:
    return rule_status(facts).missing


def frozen(facts: ItemFacts) -> tuple[Reason, ...]:
    """Why nothing about the item may change: an executed agreement includes it.

    The one rule for reopening the item and for clearing conditions on it: a concluded
    agreement changes only through an amendment agreement (変更協定), which releases the items
    it reopens.
    """
    hold = facts.agreement
    if hold is not None and hold.executed and not hold.released_by:
        return (Reason(FROZEN_BY_AGREEMENT, {"agreement": facts.agreement.title}),)
    return ()


def confirmation_needed(facts: ItemFacts, name: str) -> AgreementHold | None:
    """The agreement out for signature that a move would void, which the user must confirm."""
    hold = facts.agreement
    if name == "reopen" and hold is not None and not hold.executed:
        return hold
    return None


@dataclass(frozen=True)
class Transition:
    """One row of the transition table; `guard` returns why the move cannot happen now."""

    name: str
    source: State
    target: State
    label: str
    requires_reason: bool
    facilitator_only: bool
    guard: Guard = field(default=_no_guard, repr=False, compare=False)


# THE transition table. A move that is not facilitator_only may also be made by a liaison of
# the member that proposed the item.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "discuss", State.PROPOSED, State.DISCUSSED, N_("協議中にする"), False, True, _was_discussed
    ),
    Transition("agree", State.DISCUSSED, State.AGREED, N_("合意とする"), False, True, _rule_met),
    Transition("reopen", State.AGREED, State.DISCUSSED, N_("再協議にする"), True, True, frozen),
    Transition("withdraw", State.PROPOSED, State.WITHDRAWN, N_("取り下げる"), False, False),
    Transition("withdraw", State.DISCUSSED, State.WITHDRAWN, N_("取り下げる"), False, False),
)


@dataclass(frozen=True)
class TransitionCheck:
    """A transition and whether this actor may make it now; if not, the reasons.

    `permitted` says whether the actor may ever make it (their role), apart from whether the
    item is ready: a page offers a move, perhaps disabled with its reasons, only if permitted.
    """

    transition: Transition
    allowed: bool
    reasons: tuple[Reason, ...]
    permitted: bool = True


def _permission(transition: Transition, facts: ItemFacts, actor: Actor) -> tuple[Reason, ...]:
    if actor.is_facilitator:
        return ()
    if transition.facilitator_only:
        return (Reason(FACILITATOR_ONLY, {}),)
    proposer = facts.proposing_member_id
    if proposer is not None and proposer in actor.liaison_member_ids:
        return ()
    return (Reason(FACILITATOR_OR_PROPOSER, {}),)


def _check(transition: Transition, facts: ItemFacts, actor: Actor) -> TransitionCheck:
    # Permission first, then the guard: a user sees both who may act and what is missing.
    refused = _permission(transition, facts, actor)
    reasons = refused + transition.guard(facts)
    return TransitionCheck(transition, allowed=not reasons, reasons=reasons, permitted=not refused)


def available(facts: ItemFacts, actor: Actor) -> tuple[TransitionCheck, ...]:
    """Every transition out of the item's state, allowed or not, with the reasons."""
    return tuple(_check(t, facts, actor) for t in TRANSITIONS if t.source == facts.state)


def check(facts: ItemFacts, actor: Actor, name: str) -> TransitionCheck:
    """Check one named transition from the item's current state."""
    for transition in TRANSITIONS:
        if transition.name == name and transition.source == facts.state:
            return _check(transition, facts, actor)
    known = next((t for t in TRANSITIONS if t.name == name), None)
    if known is None:
        # Unknown names (e.g. a tampered form) get a placeholder that goes nowhere.
        placeholder = Transition(name, facts.state, facts.state, name, False, True)
        return TransitionCheck(
            placeholder, allowed=False, reasons=(Reason(UNKNOWN_ACTION, {"action": name}),)
        )
    reason = Reason(WRONG_STATE, {"state": STATE_LABELS[facts.state], "action": known.label})
    return TransitionCheck(known, allowed=False, reasons=(reason,))


def accepts_positions(state: State) -> bool:
    """Positions may be recorded only while the item is still being negotiated."""
    return state in (State.PROPOSED, State.DISCUSSED)
