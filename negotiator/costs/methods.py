"""Formula methods for splitting a joint cost (負担割合), as exact fractions.

Every function returns *shares*: a mapping member -> ``Fraction`` with all shares >= 0 and
summing to exactly 1. Turning shares into whole yen is :mod:`negotiator.costs.yen`'s job.

- 均等割 (equal):           share_i = 1 / n
- 人口割・利用者割・面積割 … (proportional to one indicator v):
                            share_i = v_i / sum_j v_j
- weighted mix (e.g. 均等割10% + 人口割45% + 利用者割45%), weights w_k in percent summing to
  exactly 100 and component shares p_k:
                            share_i = sum_k (w_k / 100) * p_k(i)
- negotiated manual shares: percentages p_i with sum 100, share_i = p_i / 100; or whole-yen
  amounts a_i with sum equal to the total T, share_i = a_i / T.

Money and shares are never floats: inputs are ``int``, ``Fraction`` or ``Decimal`` (converted
exactly; ``Decimal("135.46")`` is 13546/100). Bad input raises :class:`CostInputError`, whose
``field`` names the offending input and whose message is Japanese, ready to show at the field.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from negotiator.errors import FieldError
from negotiator.message import N_, Message, say

K = TypeVar("K", bound=Hashable)

Number = int | Fraction | Decimal
HUNDRED = Fraction(100)
SUM_NOT_100 = N_("割合の合計が100%%になっていません(現在 %(current)s%%)")
WEIGHTS_NOT_100 = N_("重みの合計が100%%になっていません(現在 %(current)s%%)")


class CostInputError(FieldError):
    """Bad input for a cost split; ``field`` names the input, ``member`` the member if any.

    ``field`` is the parameter name of the function that rejected it ("values", "weights",
    "percentages", "amounts", "total", "shares", "remainder_rule", "lead", "cost", "quotes"…).
    """

    def __init__(self, field: str, message: str | Message, member: Hashable | None = None) -> None:
        super().__init__(message, field)
        self.member = member


def format_number(value: Fraction) -> str:
    """Write an exact number for a message: 95, 99.5, 1,000,000 or 200/3 (never rounded)."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    # A terminating decimal (denominator 2^a 5^b) is written out; others stay fractions.
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        return f"{Decimal(value.numerator) / Decimal(value.denominator):,f}"
    return f"{value.numerator}/{value.denominator}"


def to_fraction(value: object, field: str, member: Hashable | None = None) -> Fraction:
    """Convert an exact number to Fraction; floats, bools, text and NaN are refused."""
    # bool is an int subclass, and True as "1 yen" is always a bug upstream.
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise CostInputError(field, say("数値(整数・小数)を入力してください"), member)
    if isinstance(value, Decimal) and not value.is_finite():
        raise CostInputError(field, say("有限の数値を入力してください"), member)
    return Fraction(value)


def _non_negative(values: Mapping[K, object], field: str) -> dict[K, Fraction]:
    """Convert every value exactly and refuse negatives; at least one member is required."""
    if not values:
        raise CostInputError(field, say("構成団体が1つもありません"))
    result: dict[K, Fraction] = {}
    for member, value in values.items():
        number = to_fraction(value, field, member)
        if number < 0:
            raise CostInputError(
                field, say("%(member)s の値が負になっています", member=str(member)), member
            )
        result[member] = number
    return result


def equal_shares(members: Iterable[K]) -> dict[K, Fraction]:
    """均等割: every member pays 1/n."""
    listed = list(members)
    if not listed:
        raise CostInputError("members", say("構成団体が1つもありません"))
    if len(set(listed)) != len(listed):
        raise CostInputError("members", say("同じ構成団体が重複しています"))
    return {member: Fraction(1, len(listed)) for member in listed}


def proportional_shares(values: Mapping[K, Number]) -> dict[K, Fraction]:
    """Split in proportion to one indicator: share_i = v_i / sum_j v_j (人口割, 面積割 …)."""
    exact = _non_negative(values, "values")
    total = sum(exact.values(), Fraction(0))
    if total == 0:
        raise CostInputError("values", say("指標の合計が0のため、按分できません"))
    return {member: value / total for member, value in exact.items()}


def _check_shares(shares: Mapping[K, Fraction], field: str) -> dict[K, Fraction]:
    """Refuse a component whose shares are negative or do not add up to exactly 1."""
    exact = _non_negative(shares, field)
    total = sum(exact.values(), Fraction(0))
    if total != 1:
        current = format_number(total * 100)
        raise CostInputError(field, say(SUM_NOT_100, current=str(current)))
    return exact


def weighted_mix(components: Sequence[tuple[Number, Mapping[K, Fraction]]]) -> dict[K, Fraction]:
    """Weighted mix: share_i = sum_k (w_k / 100) * p_k(i), weights in percent summing to 100.

    Each component is (weight in percent, shares); e.g. [(10, equal), (45, by population),
    (45, by users)] for 均等割10% + 人口割45% + 利用者割45%. A 0% component is allowed (the
    council may keep it in the table), but every component must cover the same members.
    """
    if not components:
        raise CostInputError("weights", say("按分の要素が1つもありません"))
    weights = [to_fraction(weight, "weights") for weight, _ in components]
    if any(weight < 0 for weight in weights):
        raise CostInputError("weights", say("重みに負の値があります"))
    if sum(weights) != HUNDRED:
        current = format_number(sum(weights, Fraction(0)))
        raise CostInputError("weights", say(WEIGHTS_NOT_100, current=str(current)))
    parts = [_check_shares(shares, "shares") for _, shares in components]
    members = list(parts[0])
    if any(set(part) != set(members) for part in parts):
        raise CostInputError("shares", say("要素ごとに構成団体が異なります"))
    mixed = dict.fromkeys(members, Fraction(0))
    for weight, part in zip(weights, parts, strict=True):
        for member in members:
            mixed[member] += weight / HUNDRED * part[member]
    return mixed


def manual_shares(
    values: Mapping[K, Number], unit: str = "percent", total: int | None = None
) -> dict[K, Fraction]:
    """Negotiated shares, typed as percentages (unit="percent") or whole yen (unit="yen").

    Percentages must add up to exactly 100: share_i = p_i / 100. Yen amounts must be whole
    yen adding up to exactly ``total``: share_i = a_i / total, so that allocating ``total``
    with these shares gives back the typed amounts with no remainder.
    """
    if unit == "percent":
        exact = _non_negative(values, "percentages")
        current = sum(exact.values(), Fraction(0))
        if current != HUNDRED:
            raise CostInputError("percentages", say(SUM_NOT_100, current=format_number(current)))
        return {member: value / HUNDRED for member, value in exact.items()}
    if unit == "yen":
        return _yen_shares(values, total)
    raise CostInputError(
        "unit", say("単位「%(unit)s」は使えません(percent または yen)", unit=str(unit))
    )


def _yen_shares(amounts: Mapping[K, Number], total: int | None) -> dict[K, Fraction]:
    """share_i = a_i / total for whole-yen amounts that add up to the total."""
    if isinstance(total, bool) or not isinstance(total, int) or total <= 0:
        raise CostInputError("total", say("総額は1円以上の整数で入力してください"))
    exact = _non_negative(amounts, "amounts")
    for member, amount in exact.items():
        if amount.denominator != 1:
            raise CostInputError(
                "amounts",
                say("%(member)s の金額は1円単位で入力してください", member=str(member)),
                member,
            )
    current = sum(exact.values(), Fraction(0))
    if current != total:
        raise CostInputError(
            "amounts",
            say(
                "金額の合計が総額と一致しません(合計 %(current)s円、総額 %(total)s円)",
                current=format_number(current),
                total=f"{total:,}",
            ),
        )
    return {member: amount / total for member, amount in exact.items()}
