"""Formula methods (均等割, 人口割 …, weighted mixes, negotiated shares) as exact fractions."""

from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.costs.methods import (
    CostInputError,
    equal_shares,
    format_number,
    manual_shares,
    proportional_shares,
    weighted_mix,
)
from negotiator.costs.yen import allocate_yen

SETTINGS = settings(database=None, deadline=None, max_examples=100)

S, N, M = "須崎市", "中土佐町", "四万十町"
# 2020 census population and area in km² (高幡広域市町村圏事務組合, see shared/DOMAIN-NOTES.md).
POPULATION = {S: 20590, N: 6002, M: 15607}
AREA = {S: Decimal("135.46"), N: Decimal("193.43"), M: Decimal("642.06")}


def test_equal_shares() -> None:
    assert equal_shares([S, N, M]) == {S: F(1, 3), N: F(1, 3), M: F(1, 3)}


def test_population_shares_hand_worked() -> None:
    # 20,590 + 6,002 + 15,607 = 42,199.
    assert proportional_shares(POPULATION) == {
        S: F(20590, 42199),
        N: F(6002, 42199),
        M: F(15607, 42199),
    }


def test_area_shares_are_exact_from_decimals() -> None:
    # 135.46 + 193.43 + 642.06 = 970.95; 135.46/970.95 = 13546/97095, not a float.
    shares = proportional_shares(AREA)
    assert shares[S] == F(13546, 97095)
    assert sum(shares.values()) == 1


def test_ten_percent_equal_forty_five_population_forty_five_area_hand_worked() -> None:
    # 均等割10% + 人口割45% + 面積割45% (the shape of published rules, e.g. 均等割 10/100 +
    # 人口割 45/100 + 基準財政需要額割 45/100). For 須崎市:
    #   1/10 * 1/3 + 45/100 * 20590/42199 + 45/100 * 13546/97095
    #   = 0.03333 + 0.21957 + 0.06278 = 0.31568 (exactly 12934432303/40973119050).
    mix = weighted_mix(
        [
            (10, equal_shares([S, N, M])),
            (45, proportional_shares(POPULATION)),
            (Decimal("45"), proportional_shares(AREA)),
        ]
    )
    assert mix[S] == F(12934432303, 40973119050)
    assert sum(mix.values()) == 1
    # 四万十町 has 37% of the people but 66% of the area: the mix raises its share to 49.7%.
    assert F(497, 1000) < mix[M] < F(498, 1000)
    # 10,000,000 yen: truncated 3,156,809 / 1,869,849 / 4,973,340 (9,999,998); the largest
    # fractional parts are 中土佐町 (.87) and 四万十町 (.83).
    assert allocate_yen(10_000_000, mix, "largest_remainder") == {
        S: 3_156_809,
        N: 1_869_850,
        M: 4_973_341,
    }


def test_weights_must_add_up_to_one_hundred() -> None:
    population = proportional_shares(POPULATION)
    with pytest.raises(CostInputError) as error:
        weighted_mix([(10, equal_shares([S, N, M])), (85, population)])
    assert error.value.field == "weights"
    assert str(error.value) == "重みの合計が100%になっていません(現在 95%)"
    with pytest.raises(CostInputError, match=r"現在 99\.9%"):
        weighted_mix([(Decimal("33.3"), population)] * 3)
    with pytest.raises(CostInputError, match="現在 200/3%"):
        weighted_mix([(F(100, 3), population)] * 2)


def test_weighted_mix_refuses_bad_components() -> None:
    with pytest.raises(CostInputError) as error:
        weighted_mix([(50.0, equal_shares([S, N])), (50, equal_shares([S, N]))])
    assert error.value.field == "weights"
    with pytest.raises(CostInputError, match="負"):
        weighted_mix([(110, equal_shares([S, N])), (-10, equal_shares([S, N]))])
    with pytest.raises(CostInputError, match="構成団体"):
        weighted_mix([(50, equal_shares([S, N])), (50, equal_shares([S, M]))])
    with pytest.raises(CostInputError) as error:
        weighted_mix([(100, {S: F(1, 2), N: F(1, 4)})])
    assert error.value.field == "shares"
    with pytest.raises(CostInputError):
        weighted_mix([])


def test_a_zero_weight_component_is_allowed() -> None:
    mix = weighted_mix([(0, equal_shares([S, N])), (100, {S: F(1, 4), N: F(3, 4)})])
    assert mix == {S: F(1, 4), N: F(3, 4)}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({S: 0, N: 0}, "合計が0"),
        ({S: 10, N: -1}, "中土佐町 の値が負"),
        ({S: 10, N: "6002"}, "数値"),
        ({S: 10, N: 6002.0}, "数値"),
        ({S: 10, N: True}, "数値"),
        ({S: 10, N: Decimal("NaN")}, "有限"),
        ({}, "1つもありません"),
    ],
)
def test_proportional_shares_bad_input(values: dict, message: str) -> None:
    with pytest.raises(CostInputError, match=message) as error:
        proportional_shares(values)
    assert error.value.field == "values"


def test_bad_member_is_named() -> None:
    with pytest.raises(CostInputError) as error:
        proportional_shares({S: 10, N: -1})
    assert error.value.member == N


def test_equal_shares_needs_distinct_members() -> None:
    for members in ([], [S, S]):
        with pytest.raises(CostInputError) as error:
            equal_shares(members)
        assert error.value.field == "members"


def test_manual_percentages() -> None:
    shares = manual_shares({S: 45, N: Decimal("17.5"), M: Decimal("37.5")})
    assert shares == {S: F(9, 20), N: F(7, 40), M: F(3, 8)}
    with pytest.raises(CostInputError) as error:
        manual_shares({S: 45, N: 17, M: 37})
    assert error.value.field == "percentages"
    assert str(error.value) == "割合の合計が100%になっていません(現在 99%)"


def test_manual_yen_round_trips_through_allocation() -> None:
    amounts = {S: 4_000_001, N: 1_500_000, M: 4_499_999}
    shares = manual_shares(amounts, unit="yen", total=10_000_000)
    assert allocate_yen(10_000_000, shares, "largest_remainder") == amounts


@pytest.mark.parametrize(
    ("amounts", "total", "field", "message"),
    [
        ({S: 600, N: 300}, 1000, "amounts", "合計 900円、総額 1,000円"),
        ({S: Decimal("500.5"), N: Decimal("499.5")}, 1000, "amounts", "1円単位"),
        ({S: 1000}, 0, "total", "1円以上"),
        ({S: 1000}, None, "total", "1円以上"),
        ({S: 1000}, 1000.0, "total", "1円以上"),
    ],
)
def test_manual_yen_bad_input(amounts: dict, total: object, field: str, message: str) -> None:
    with pytest.raises(CostInputError, match=message) as error:
        manual_shares(amounts, unit="yen", total=total)
    assert error.value.field == field


def test_manual_unknown_unit() -> None:
    with pytest.raises(CostInputError) as error:
        manual_shares({S: 100}, unit="割")
    assert error.value.field == "unit"


def test_format_number() -> None:
    assert format_number(F(95)) == "95"
    assert format_number(F(199, 2)) == "99.5"
    assert format_number(F(1_000_000)) == "1,000,000"
    assert format_number(F(200, 3)) == "200/3"


@SETTINGS
@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 10**9), min_size=1))
def test_proportional_shares_are_exact_and_proportional(values: dict) -> None:
    if sum(values.values()) == 0:
        with pytest.raises(CostInputError):
            proportional_shares(values)
        return
    shares = proportional_shares(values)
    assert sum(shares.values()) == 1
    total = sum(values.values())
    assert all(shares[m] * total == v for m, v in values.items())


@SETTINGS
@given(st.lists(st.integers(0, 100), min_size=1, max_size=5), st.data())
def test_weighted_mix_sums_to_one_exactly_iff_weights_sum_to_100(
    weights: list, data: st.DataObject
) -> None:
    members = ["甲", "乙", "丙"]
    parts = [
        proportional_shares({m: data.draw(st.integers(1, 1000)) for m in members}) for _ in weights
    ]
    components = list(zip(weights, parts, strict=True))
    if sum(weights) != 100:
        with pytest.raises(CostInputError, match=f"現在 {sum(weights)}%"):
            weighted_mix(components)
        return
    mix = weighted_mix(components)
    assert sum(mix.values()) == 1 and all(share >= 0 for share in mix.values())
