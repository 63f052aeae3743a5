"""Turn exact shares into whole yen (円) that add up to the total exactly.

Public bodies truncate fractions below 1 円 (国等の債権債務等の金額の端数計算に関する法律); no
statute says who absorbs the yen left over after each member's amount is truncated, so the
agreement names a rule. With total T and shares s_i (exact, >= 0, sum 1):

    exact_i    = T * s_i                      (a Fraction)
    base_i     = floor(exact_i)               (truncated below 1 円)
    leftover   = T - sum_i base_i             (an integer, 0 <= leftover < number of members)

and the leftover goes by ``remainder_rule``:

- ``"lead"``: all of it to the lead member (代表団体); ``lead`` is required.
- ``"largest"``: all of it to the member with the largest share.
- ``"largest_remainder"``: one yen each to the ``leftover`` members with the largest
  fractional parts exact_i - base_i; every amount is then within 1 円 of its exact value.

Ties (equal shares, equal fractional parts) go to the member listed first in ``shares``: pass
the members in the agreement's order (甲, 乙, 丙 …) so the rule can be written down as
"同順位のときは協定書の記載順による". The result keeps the order of ``shares``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import TypeVar

from negotiator.costs.methods import CostInputError, to_fraction
from negotiator.message import say

K = TypeVar("K", bound=Hashable)

REMAINDER_RULES: tuple[str, ...] = ("lead", "largest", "largest_remainder")


class YenAllocationError(CostInputError):
    """The total, the shares, the remainder rule or the lead member cannot be used."""


def allocate_yen(
    total: int,
    shares: Mapping[K, Fraction],
    remainder_rule: str,
    lead: K | None = None,
) -> dict[K, int]:
    """Whole-yen amounts: each exact amount truncated, leftover yen placed by the rule."""
    exact_shares = _validate(total, shares, remainder_rule, lead)
    exact = {member: total * share for member, share in exact_shares.items()}
    # floor == truncation here: amounts are never negative.
    amounts = {member: value.numerator // value.denominator for member, value in exact.items()}
    leftover = total - sum(amounts.values())
    for member in _receivers(exact, amounts, leftover, remainder_rule, lead):
        amounts[member] += 1
    return amounts


def _receivers(
    exact: Mapping[K, Fraction],
    amounts: Mapping[K, int],
    leftover: int,
    rule: str,
    lead: K | None,
) -> list[K]:
    """Who gets each leftover yen (a member appears once per yen it receives)."""
    order = {member: position for position, member in enumerate(exact)}
    if rule == "lead":
        return [lead] * leftover  # type: ignore[list-item]  # lead checked in _validate
    if rule == "largest":
        largest = min(exact, key=lambda m: (-exact[m], order[m]))
        return [largest] * leftover
    by_remainder = sorted(exact, key=lambda m: (-(exact[m] - amounts[m]), order[m]))
    return by_remainder[:leftover]


def _validate(
    total: object, shares: Mapping[K, object], rule: object, lead: K | None
) -> dict[K, Fraction]:
    """Check every input; return the shares as exact Fractions."""
    if isinstance(total, bool) or not isinstance(total, int):
        raise YenAllocationError("total", say("総額は整数(円)で入力してください"))
    if total < 0:
        raise YenAllocationError("total", say("総額が負になっています"))
    if rule not in REMAINDER_RULES:
        raise YenAllocationError(
            "remainder_rule", say("端数の処理方法「%(rule)s」は使えません", rule=str(rule))
        )
    if not shares:
        raise YenAllocationError("shares", say("構成団体が1つもありません"))
    exact: dict[K, Fraction] = {}
    for member, share in shares.items():
        try:
            exact[member] = to_fraction(share, "shares", member)
        except CostInputError as error:
            raise YenAllocationError("shares", error.msg, member) from None
        if exact[member] < 0:
            raise YenAllocationError(
                "shares", say("%(member)s の負担割合が負になっています", member=str(member)), member
            )
    if sum(exact.values(), Fraction(0)) != 1:
        raise YenAllocationError("shares", say("負担割合の合計が100%になっていません"))
    if rule == "lead" and lead not in exact:
        raise YenAllocationError("lead", say("端数を負担する代表団体を構成団体から選んでください"))
    return exact
