"""Whole-yen amounts from exact shares: truncation below 1 円 and the three remainder rules."""

from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.costs.methods import CostInputError
from negotiator.costs.yen import REMAINDER_RULES, YenAllocationError, allocate_yen

SETTINGS = settings(database=None, deadline=None, max_examples=200)

S, N, M = "須崎市", "中土佐町", "四万十町"
# 人口割 on the 2020 census: 20,590 / 6,002 / 15,607, sum 42,199.
POPULATION = {S: F(20590, 42199), N: F(6002, 42199), M: F(15607, 42199)}


def test_population_split_of_ten_million_yen_hand_worked() -> None:
    # 10,000,000 x 20,590 = 205,900,000,000 = 42,199 x 4,879,262 + 22,862  (.54)
    # 10,000,000 x  6,002 =  60,020,000,000 = 42,199 x 1,422,308 + 24,708  (.59)
    # 10,000,000 x 15,607 = 156,070,000,000 = 42,199 x 3,698,428 + 36,828  (.87)
    # Truncated: 9,999,998, so 2 yen are left over.
    total = 10_000_000
    assert allocate_yen(total, POPULATION, "lead", lead=M) == {
        S: 4_879_262,
        N: 1_422_308,
        M: 3_698_430,
    }
    assert allocate_yen(total, POPULATION, "largest") == {S: 4_879_264, N: 1_422_308, M: 3_698_428}
    # Largest fractional parts: 四万十町 (.87) and 中土佐町 (.59).
    assert allocate_yen(total, POPULATION, "largest_remainder") == {
        S: 4_879_262,
        N: 1_422_309,
        M: 3_698_429,
    }


def test_exact_amounts_leave_nothing_over() -> None:
    shares = {S: F(1, 2), N: F(1, 4), M: F(1, 4)}
    for rule in REMAINDER_RULES:
        assert allocate_yen(1_000_000, shares, rule, lead=S) == {S: 500_000, N: 250_000, M: 250_000}


def test_ties_go_to_the_member_listed_first() -> None:
    # 100 / 3 = 33.33… each; one yen over. Equal shares and equal remainders: the order of the
    # mapping (the agreement's order 甲, 乙, 丙) decides.
    thirds = {S: F(1, 3), N: F(1, 3), M: F(1, 3)}
    for rule in ("largest", "largest_remainder"):
        assert allocate_yen(100, thirds, rule) == {S: 34, N: 33, M: 33}
        reordered = {M: F(1, 3), S: F(1, 3), N: F(1, 3)}
        assert allocate_yen(100, reordered, rule) == {M: 34, S: 33, N: 33}


def test_result_keeps_the_order_of_the_shares() -> None:
    assert list(allocate_yen(100, POPULATION, "largest_remainder")) == [S, N, M]


def test_zero_total_and_zero_shares() -> None:
    assert allocate_yen(0, POPULATION, "largest_remainder") == {S: 0, N: 0, M: 0}
    assert allocate_yen(7, {S: F(1), N: F(0)}, "largest") == {S: 7, N: 0}


@pytest.mark.parametrize(
    ("total", "shares", "rule", "lead", "field"),
    [
        (-1, POPULATION, "largest", None, "total"),
        (10.0, POPULATION, "largest", None, "total"),
        (Decimal("10"), POPULATION, "largest", None, "total"),
        (True, POPULATION, "largest", None, "total"),
        (10, POPULATION, "round_half_up", None, "remainder_rule"),
        (10, {}, "largest", None, "shares"),
        (10, {S: F(1, 2), N: F(1, 3)}, "largest", None, "shares"),
        (10, {S: F(3, 2), N: F(-1, 2)}, "largest", None, "shares"),
        (10, {S: 0.5, N: 0.5}, "largest", None, "shares"),
        (10, {S: "1/2", N: F(1, 2)}, "largest", None, "shares"),
        (10, POPULATION, "lead", None, "lead"),
        (10, POPULATION, "lead", "高知市", "lead"),
    ],
)
def test_bad_input_is_refused_with_the_field(
    total: object, shares: dict, rule: str, lead: str | None, field: str
) -> None:
    with pytest.raises(YenAllocationError) as error:
        allocate_yen(total, shares, rule, lead=lead)
    assert error.value.field == field
    assert isinstance(error.value, CostInputError) and isinstance(error.value, ValueError)
    assert error.value.message  # a sentence for the form, in Japanese


def test_negative_share_names_the_member() -> None:
    with pytest.raises(YenAllocationError, match="中土佐町") as error:
        allocate_yen(10, {S: F(3, 2), N: F(-1, 2)}, "largest")
    assert error.value.member == N


@st.composite
def share_maps(draw: st.DrawFn) -> dict:
    weights = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=12))
    if sum(weights) == 0:
        weights[0] = 1
    total = sum(weights)
    return {f"団体{i}": F(w, total) for i, w in enumerate(weights)}


@SETTINGS
@given(st.integers(0, 10**12), share_maps(), st.sampled_from(REMAINDER_RULES), st.data())
def test_amounts_add_up_and_only_receivers_exceed_truncation(
    total: int, shares: dict, rule: str, data: st.DataObject
) -> None:
    lead = data.draw(st.sampled_from(sorted(shares)))
    amounts = allocate_yen(total, shares, rule, lead=lead)
    assert sum(amounts.values()) == total
    exact = {m: total * s for m, s in shares.items()}
    over = {m for m in shares if amounts[m] != int(exact[m])}  # the remainder receivers
    for member, amount in amounts.items():
        if member in over:
            assert amount > exact[member] - 1
        else:  # truncated below 1 円: never a whole yen or more below the exact amount
            assert 0 <= exact[member] - amount < 1
    if rule == "largest_remainder":
        assert all(abs(amounts[m] - exact[m]) < 1 for m in shares)
    elif over:
        largest = max(shares.values())
        expected = lead if rule == "lead" else next(m for m in shares if shares[m] == largest)
        assert over == {expected}
    assert allocate_yen(total, shares, rule, lead=lead) == amounts  # deterministic
