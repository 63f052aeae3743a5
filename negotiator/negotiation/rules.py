"""Decision rules: does an agenda item's current revision have the members' agreement?

Pure module (stdlib only) so the rule engine can be tested and reused without Flask or a
database. It answers not only yes/no but also what is still missing, in words a municipal
user understands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


def N_(message: str) -> str:
    """Mark a user-facing string for Babel extraction; translation happens at display time."""
    return message


class Stance(StrEnum):
    """A member's position on one proposal revision."""

    AGREE = "agree"
    CONDITIONAL = "conditional"
    UNDECIDED = "undecided"
    OBJECT = "object"


class Rule(StrEnum):
    """How an agenda item is decided."""

    UNANIMITY = "unanimity"
    CONSENT = "consent"


STANCE_LABELS: dict[Stance, str] = {
    Stance.AGREE: N_("賛成"),
    Stance.CONDITIONAL: N_("条件付賛成"),
    Stance.UNDECIDED: N_("保留"),
    Stance.OBJECT: N_("反対"),
}

RULE_LABELS: dict[Rule, str] = {
    Rule.UNANIMITY: N_("全会一致"),
    Rule.CONSENT: N_("異議なし"),
}

# Stances that count as "yes" under unanimity.
_SUPPORTING = frozenset({Stance.AGREE, Stance.CONDITIONAL})

NO_MEMBERS = N_("構成団体が登録されていないため、合意を判定できません")
NO_POSITION = N_("%(member)s: 第%(revision)s版への意見がありません")
STALE_POSITION = N_(
    "%(member)s: 第%(old)s版への意見のため、第%(revision)s版について再確認が必要です"
)
UNDECIDED = N_("%(member)s は保留中です")
OBJECTS = N_("%(member)s は反対しています")


@dataclass(frozen=True)
class MemberRef:
    """A member (構成団体) as the rules see it."""

    id: int
    name: str


@dataclass(frozen=True)
class PositionFact:
    """A member's current position and the revision it was taken on."""

    stance: Stance
    revision: int


@dataclass(frozen=True)
class Reason:
    """A user-facing explanation; `template` stays untranslated so the UI can translate it."""

    template: str
    params: Mapping[str, str | int]

    @property
    def text(self) -> str:
        return self.template % self.params


@dataclass(frozen=True)
class RuleResult:
    """Whether the rule holds, what is missing, and who was deemed to consent (みなし同意)."""

    met: bool
    missing: tuple[Reason, ...]
    deemed: tuple[MemberRef, ...]


def is_stale(position: PositionFact, current_revision: int) -> bool:
    """True when the position was taken on an older revision and must be reconfirmed."""
    return position.revision < current_revision


def _unanswered_reason(
    member: MemberRef, position: PositionFact | None, current_revision: int
) -> Reason:
    """Explain why a member has no position that counts on the current revision."""
    if position is None:
        return Reason(NO_POSITION, {"member": member.name, "revision": current_revision})
    return Reason(
        STALE_POSITION,
        {"member": member.name, "old": position.revision, "revision": current_revision},
    )


def _current(
    member: MemberRef, positions: Mapping[int, PositionFact], current_revision: int
) -> tuple[PositionFact | None, bool]:
    """Return the member's position and whether it counts on the current revision."""
    position = positions.get(member.id)
    if position is None:
        return None, False
    if position.revision > current_revision:
        # A position on a revision that does not exist yet means the caller mixed up data.
        raise ValueError(
            f"member {member.id} has a position on revision {position.revision}, "
            f"but the current revision is {current_revision}"
        )
    return position, not is_stale(position, current_revision)


def evaluate(
    rule: Rule,
    members: Sequence[MemberRef],
    positions: Mapping[int, PositionFact],
    current_revision: int,
    *,
    deemed_consent: bool = False,
    deadline_passed: bool = False,
) -> RuleResult:
    """Evaluate the decision rule on the current revision, naming what is missing."""
    if not members:
        # Agreement among no parties would be vacuous; never let it pass silently.
        return RuleResult(met=False, missing=(Reason(NO_MEMBERS, {}),), deemed=())
    # みなし同意 only exists under the consent rule, and only once the deadline has passed.
    may_deem = rule == Rule.CONSENT and deemed_consent and deadline_passed
    missing: list[Reason] = []
    deemed: list[MemberRef] = []
    for member in members:
        position, counts = _current(member, positions, current_revision)
        if not counts:
            if may_deem:
                deemed.append(member)
            else:
                missing.append(_unanswered_reason(member, position, current_revision))
            continue
        reason = _stance_reason(rule, member, position.stance)
        if reason is not None:
            missing.append(reason)
    return RuleResult(met=not missing, missing=tuple(missing), deemed=tuple(deemed))


def _stance_reason(rule: Rule, member: MemberRef, stance: Stance) -> Reason | None:
    """Explain why a current stance blocks the rule, or None when it does not."""
    if stance == Stance.OBJECT:
        return Reason(OBJECTS, {"member": member.name})
    if rule == Rule.UNANIMITY and stance not in _SUPPORTING:
        return Reason(UNDECIDED, {"member": member.name})
    # Under consent, 保留 is an answer: only an objection blocks.
    return None
