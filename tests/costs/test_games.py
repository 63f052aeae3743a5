"""Cooperative cost allocation: worked examples from the literature, hand-worked cases, properties.

A figure is called published only where it could be read in the cited source, or in a source
quoting it that the comment names; the others are labelled "hand-worked" and derived in the
comment next to them.
"""

from fractions import Fraction as F
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.costs.games import (
    CoalitionCostError,
    CoreViolation,
    complete_costs,
    core_violations,
    nucleolus,
    scrb,
    shapley,
)
from negotiator.costs.methods import CostInputError

SETTINGS = settings(database=None, deadline=None, max_examples=60)
NUCLEOLUS_TOL = F(1, 10**6)  # the documented accuracy of the nucleolus (ours is exact)


def game(entries: dict) -> dict:
    """{(1, 2): 12, …} -> {frozenset({1, 2}): 12, …}."""
    return {frozenset(members): cost for members, cost in entries.items()}


def assert_close(actual: dict, expected: dict, tol: F = NUCLEOLUS_TOL) -> None:
    assert actual.keys() == expected.keys()
    for member, value in expected.items():
        assert abs(actual[member] - F(value)) <= tol, (member, actual[member], value)


# Taxi (airport) game. Source: SageMath Reference Manual, "Co-operative games with N players"
# (J. Campbell and V. Knight, 2014), CooperativeGame.shapley_value example, printing
# [2, 5, 35]; the same game and figures are the taxi-trip example of V. Knight's coopgt
# documentation, "Calculate the Shapley value" (array([2., 5., 35.])).
TAXI = game({(1,): 6, (2,): 12, (3,): 42, (1, 2): 12, (1, 3): 42, (2, 3): 42, (1, 2, 3): 42})

# Three towns of the case study, illustrative quotes in millions of yen (invented, not real):
# 須崎市 30, 中土佐町 15, 四万十町 28; pairs 40, 50, 38; all three 60.
S, N, M = "須崎市", "中土佐町", "四万十町"
TOWNS = game({(S,): 30, (N,): 15, (M,): 28, (S, N): 40, (S, M): 50, (N, M): 38, (S, N, M): 60})


def test_shapley_taxi_game_published() -> None:
    # Check by hand, average of marginal costs over the 6 orders: player 1 always adds 6 when
    # first (2 orders) and 0 otherwise -> 12/6 = 2; player 2 adds 12 first (2 orders), 6 after
    # 1 alone (1 order), 0 otherwise -> 30/6 = 5; player 3 gets 42 - 2 - 5 = 35.
    assert shapley(TAXI) == {1: 2, 2: 5, 3: 35}


def test_nucleolus_ferguson_example() -> None:
    # Source: T. S. Ferguson, "Game Theory" (UCLA lecture notes), Part IV "Games in Coalitional
    # Form" (coal.pdf), as cited in the R package CoopGame, tests/testthat/test_49_nucleolus.R
    # (the notes themselves were not readable here), which checks that the profit game
    # v(1)=-1, v(2)=0, v(3)=1, v(12)=3, v(13)=4, v(23)=2, v(123)=5 has nucleolus (8/3, 2/3, 5/3).
    # Hand check: the pair excesses v(S) - x(S) add up to (3 + 4 + 2) - 2*5 = -1, so the largest
    # is at least -1/3, reached only when all three equal -1/3: x1 + x2 = 10/3, x1 + x3 = 13/3,
    # x2 + x3 = 7/3 -> x = (8/3, 2/3, 5/3); singles are then lower (-11/3, -2/3, -2/3).
    # As a cost game c(S) = 10|S| - v(S) (strategically equivalent), the nucleolus is 10 - x.
    profit = {(1,): -1, (2,): 0, (3,): 1, (1, 2): 3, (1, 3): 4, (2, 3): 2, (1, 2, 3): 5}
    cost = game({s: 10 * len(s) - v for s, v in profit.items()})
    assert_close(nucleolus(cost), {1: F(22, 3), 2: F(28, 3), 3: F(25, 3)})


def test_nucleolus_coopgame_documentation_four_players() -> None:
    # Source: R package CoopGame 0.2.2 (Staudacher, Anwander et al.), help page of nucleolus():
    # nucleolus(c(0,0,0,0,5,5,8,9,10,8,13,15,16,17,21)) prints 3.5 4.5 5.5 7.5 (coalitions in
    # the package's lexicographic order). Not hand-verified; used as a cross-check of the LP.
    order = [c for r in range(1, 5) for c in combinations((1, 2, 3, 4), r)]
    values = [0, 0, 0, 0, 5, 5, 8, 9, 10, 8, 13, 15, 16, 17, 21]
    cost = game({s: 10 * len(s) - v for s, v in zip(order, values, strict=True)})
    expected = {1: 10 - F(7, 2), 2: 10 - F(9, 2), 3: 10 - F(11, 2), 4: 10 - F(15, 2)}
    assert_close(nucleolus(cost), expected)


def test_shapley_lemaire_investor_game_hand_worked() -> None:
    # Game from J. Lemaire, "Cooperative game theory and its insurance applications", ASTIN
    # Bulletin (1991) (three investors), as used in the examples of the R package
    # GameTheory. The figures were not readable there, so the value is hand-worked:
    # phi_1 = 46125/3 + (69187.5-17437.5)/6 + (53812.5-5812.5)/6 + (90000-30750)/3
    #       = 15375 + 8625 + 8000 + 19750 = 51750
    # phi_2 = 17437.5/3 + (69187.5-46125)/6 + (30750-5812.5)/6 + (90000-53812.5)/3
    #       = 5812.5 + 3843.75 + 4156.25 + 12062.5 = 25875;  phi_3 = 90000 - 77625 = 12375.
    # The Shapley formula is the same for a profit game, so the values are passed as they are.
    v = {(1,): 46125, (2,): F(34875, 2), (3,): F(11625, 2), (1, 2): F(138375, 2)}
    v |= {(1, 3): F(107625, 2), (2, 3): 30750, (1, 2, 3): 90000}
    assert shapley(game(v)) == {1: 51750, 2: 25875, 3: 12375}


def test_taxi_scrb_and_nucleolus_hand_worked() -> None:
    # SCRB: s = (42-42, 42-42, 42-12) = (0, 0, 30); r = (6, 12, 12), sum 30; non-separable
    # 42 - 30 = 12 -> x = (12*6/30, 12*12/30, 30 + 12*12/30) = (12/5, 24/5, 174/5).
    assert scrb(TAXI) == {1: F(12, 5), 2: F(24, 5), 3: F(174, 5)}
    # Nucleolus: excesses x1-6, x2-12, -(x1+x2), x1+x2-12, -x2, -x1. x1-6 and -x1 force the
    # largest to >= -3 (at x1 = 3); then max(x2-9, -x2) is least at x2 = 9/2 -> x3 = 69/2.
    assert_close(nucleolus(TAXI), {1: 3, 2: F(9, 2), 3: F(69, 2)})


def test_three_towns_shapley_hand_worked() -> None:
    # Marginal costs (first: 1/3, second after each other town: 1/6 each, last: 1/3):
    # 須崎市   30/3 + (40-15)/6 + (50-28)/6 + (60-38)/3 = 10 + 25/6 + 22/6 + 22/3 = 151/6
    # 中土佐町 15/3 + (40-30)/6 + (38-28)/6 + (60-50)/3 = 5 + 10/6 + 10/6 + 10/3 = 35/3
    # 四万十町 28/3 + (50-30)/6 + (38-15)/6 + (60-40)/3 = 139/6;  sum = 360/6 = 60.
    assert shapley(TOWNS) == {S: F(151, 6), N: F(35, 3), M: F(139, 6)}


def test_three_towns_scrb_hand_worked() -> None:
    # s = 60 - c(others) = (22, 10, 20), sum 52, non-separable 8; r = c(i) - s = (8, 5, 8),
    # sum 21 -> x = (22 + 64/21, 10 + 40/21, 20 + 64/21) = (526/21, 250/21, 484/21).
    assert scrb(TOWNS) == {S: F(526, 21), N: F(250, 21), M: F(484, 21)}


def test_three_towns_nucleolus_hand_worked() -> None:
    # Excesses per town i: x_i - c(i) (alone) and s_i - x_i (the other two), s = (22, 10, 20).
    # Their max is least at x_i = (c(i) + s_i)/2, value -r_i/2 = (-4, -5/2, -4); with
    # x(N) = 60 the sum s - 3t <= 60 allows t = -8/3, so 中土佐町 binds first at t = -5/2,
    # x = 25/2. Then 22 - x_S and 20 - x_M with x_S + x_M = 95/2 are balanced at -11/4:
    # x_S = 99/4, x_M = 91/4 (their own-quote excesses, -21/4, stay lower).
    result = nucleolus(TOWNS)
    assert_close(result, {S: F(99, 4), N: F(25, 2), M: F(91, 4)})
    assert result == {S: F(99, 4), N: F(25, 2), M: F(91, 4)}  # exact, not just close
    assert all(isinstance(value, F) for value in result.values())


def test_three_towns_all_cooperative_splits_are_in_the_core() -> None:
    for split in (shapley(TOWNS), scrb(TOWNS), nucleolus(TOWNS)):
        assert core_violations(TOWNS, split) == []


def test_population_split_charges_two_towns_more_than_their_own_quote() -> None:
    # 2020 census: 20,590 / 6,002 / 15,607 (sum 42,199). 須崎市 + 四万十町 are charged
    # 60 * 36,197/42,199 = 2,171,820/42,199 ≈ 51.47 > 50, excess 61,870/42,199 ≈ 1.47.
    population = {S: 20590, N: 6002, M: 15607}
    split = {town: F(60 * people, 42199) for town, people in population.items()}
    assert core_violations(TOWNS, split) == [
        CoreViolation(frozenset({S, M}), F(2171820, 42199), F(50), F(61870, 42199))
    ]


def test_nucleolus_at_yen_scale_is_exact() -> None:
    # The same game in yen (x 1,000,000), and again x 1,000: the scaled LP must not lose yen.
    for factor in (10**6, 10**9):
        result = nucleolus({s: c * factor for s, c in TOWNS.items()})
        assert result == {S: F(99, 4) * factor, N: F(25, 2) * factor, M: F(91, 4) * factor}


def test_scrb_needs_only_stand_alone_all_but_one_and_grand() -> None:
    # Four members: the pairs are never looked at.
    members = (1, 2, 3, 4)
    full = {
        frozenset(s): 10 * len(s) - len(s) ** 2 // 2
        for r in range(1, 5)
        for s in combinations(members, r)
    }
    partial = {s: c for s, c in full.items() if len(s) != 2}
    assert scrb(partial) == scrb(full)
    del partial[frozenset({2, 3, 4})]
    with pytest.raises(CoalitionCostError, match="2・3・4"):
        scrb(partial)


def test_scrb_with_benefits_below_stand_alone_hand_worked() -> None:
    # Player 1 values the service at 3 < its stand-alone 6: r = (3, 12, 12), sum 27,
    # x = (12*3/27, 12*12/27, 30 + 12*12/27) = (4/3, 16/3, 106/3).
    assert scrb(TAXI, benefits={1: 3, 2: 100, 3: 100}) == {1: F(4, 3), 2: F(16, 3), 3: F(106, 3)}


def test_scrb_degenerate_all_remaining_benefits_zero_splits_equally() -> None:
    # c(i) = 1, pairs 3/2, all 5/2: s_i = 5/2 - 3/2 = 1 = c(i), so every r_i = 0 and the
    # non-separable cost 5/2 - 3 = -1/2 (a saving) is split equally: x_i = 1 - 1/6 = 5/6.
    cost = {s: F(len(s) + 2, 2) if len(s) > 1 else 1 for s in TOWNS}
    assert scrb(cost) == {S: F(5, 6), N: F(5, 6), M: F(5, 6)}


def test_scrb_refuses_negative_remaining_benefit() -> None:
    # With c(N,M) = 30 and c(S,N,M) = 61, adding 須崎市 last costs 31 > its own 30
    # (the others stay fine: 61 - 50 = 11 <= 15 and 61 - 40 = 21 <= 28).
    cost = dict(TOWNS) | {frozenset({N, M}): 30, frozenset({S, N, M}): 61}
    with pytest.raises(CoalitionCostError) as error:
        scrb(cost)
    assert error.value.field == "cost" and error.value.member == S


def test_nucleolus_refuses_empty_imputation_set() -> None:
    cost = dict(TOWNS) | {frozenset({S, N, M}): 80}  # more than 30 + 15 + 28 = 73
    with pytest.raises(CoalitionCostError, match="仁"):
        nucleolus(cost)


def test_games_need_every_coalition_and_exact_numbers() -> None:
    with pytest.raises(CoalitionCostError, match="中土佐町・四万十町|四万十町・中土佐町"):
        shapley({s: c for s, c in TOWNS.items() if s != frozenset({N, M})})
    with pytest.raises(CostInputError) as error:
        shapley({s: float(c) for s, c in TOWNS.items()})
    assert error.value.field == "cost"
    with pytest.raises(CoalitionCostError):
        shapley({})


def test_single_member_pays_everything() -> None:
    alone = {frozenset({S}): 30}
    assert shapley(alone) == scrb(alone) == nucleolus(alone) == {S: 30}


def test_shapley_twelve_members_every_coalition_quoted() -> None:
    # Additive game: every member's Shapley value is its stand-alone cost (4,095 coalitions).
    members = range(12)
    cost = {
        frozenset(s): sum(100 + i for i in s)
        for r in range(1, 13)
        for s in combinations(members, r)
    }
    assert shapley(cost) == {i: 100 + i for i in members}


# --- completion of quotes -----------------------------------------------------------------


def test_complete_costs_from_stand_alone_and_grand_quotes() -> None:
    quotes = {s: c for s, c in TOWNS.items() if len(s) != 2}
    completed, derived = complete_costs(quotes, [S, N, M])
    assert derived == {frozenset({S, N}), frozenset({S, M}), frozenset({N, M})}
    assert completed[frozenset({S, N})] == 45 and completed[frozenset({N, M})] == 43
    assert completed[frozenset({S, N, M})] == 60


def test_complete_costs_uses_the_cheapest_partition() -> None:
    quotes = game({(S,): 30, (N,): 15, (M,): 28, (S, N): 40})
    completed, derived = complete_costs(quotes, [S, N, M])
    # {S,N,M}: min(30 + 15 + 28 = 73, 40 + 28 = 68) = 68.
    assert completed[frozenset({S, N, M})] == 68
    assert frozenset({S, N}) not in derived and frozenset({S, N, M}) in derived


def test_complete_costs_keeps_a_quote_dearer_than_its_parts() -> None:
    quotes = game({(S,): 30, (N,): 15, (M,): 28, (S, N): 50})
    completed, _ = complete_costs(quotes, [S, N, M])
    assert completed[frozenset({S, N})] == 50  # a quote is a quote, even if 45 is cheaper


def test_complete_costs_errors() -> None:
    with pytest.raises(CoalitionCostError, match="四万十町") as error:
        complete_costs(game({(S,): 30, (N,): 15, (S, N, M): 60}), [S, N, M])
    assert error.value.field == "quotes"
    with pytest.raises(CoalitionCostError):
        complete_costs(game({(S,): 30, ("高知市",): 1}), [S])
    with pytest.raises(CoalitionCostError, match="負"):
        complete_costs(game({(S,): -1}), [S])
    with pytest.raises(CoalitionCostError):
        complete_costs({}, [S, S])


# --- properties ----------------------------------------------------------------------------


@st.composite
def games(draw: st.DrawFn, min_players: int = 2, max_players: int = 4) -> dict:
    """A random cost game whose stand-alone costs add up to at least c(N) (imputations exist)."""
    n = draw(st.integers(min_players, max_players))
    members = list(range(n))
    cost = {
        frozenset(s): draw(st.integers(0, 10**6))
        for r in range(1, n + 1)
        for s in combinations(members, r)
    }
    grand = frozenset(members)
    cost[grand] = min(cost[grand], sum(cost[frozenset({i})] for i in members))
    return cost


@SETTINGS
@given(games())
def test_efficiency(cost: dict) -> None:
    grand = max(cost, key=len)
    assert sum(shapley(cost).values()) == cost[grand]
    assert sum(nucleolus(cost).values()) == cost[grand]


@SETTINGS
@given(games(), st.lists(st.integers(-1000, 1000), min_size=4, max_size=4))
def test_nucleolus_is_an_imputation_and_moves_with_additive_costs(cost: dict, shift: list) -> None:
    # Covariance: adding a_i for every member of S to c(S) adds a_i to i's nucleolus share.
    base = nucleolus(cost)
    assert all(base[i] <= cost[frozenset({i})] for i in base)
    moved = nucleolus({s: c + sum(shift[i] for i in s) for s, c in cost.items()})
    assert_close(moved, {i: base[i] + shift[i] for i in base})


def swap(coalition: frozenset) -> frozenset:
    return frozenset({1: 0, 0: 1}.get(i, i) for i in coalition)


@SETTINGS
@given(games())
def test_symmetry(cost: dict) -> None:
    # Make members 0 and 1 interchangeable: c(S) = c(swap(S)).
    symmetric = {s: min(c, cost[swap(s)]) for s, c in cost.items()}
    grand = max(cost, key=len)
    symmetric[grand] = min(symmetric[grand], sum(symmetric[frozenset({i})] for i in grand))
    for method in (shapley, nucleolus):
        result = method(symmetric)
        assert result[0] == result[1]


@SETTINGS
@given(games(min_players=1, max_players=3), st.integers(0, 1000))
def test_dummy_member_pays_its_stand_alone_cost(cost: dict, own: int) -> None:
    # Member 9 adds exactly `own` to any coalition: c(S ∪ {9}) = c(S) + own.
    with_dummy = dict(cost) | {frozenset({9}): own}
    with_dummy |= {s | {9}: c + own for s, c in cost.items()}
    assert shapley(with_dummy)[9] == own
    assert abs(nucleolus(with_dummy)[9] - own) <= NUCLEOLUS_TOL


@SETTINGS
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=6))
def test_airport_games_littlechild_owen(needs: list) -> None:
    # Airport game c(S) = max need in S. Littlechild & Owen (1973), "A simple expression for the
    # Shapley value in a special case", Management Science 20(3), 370-372: with needs sorted
    # a_1 <= … <= a_n, phi_(k) = sum_{j<=k} (a_j - a_{j-1}) / (n - j + 1). Its core is never empty,
    # so the nucleolus must lie in it.
    members = range(len(needs))
    cost = {
        frozenset(s): max(needs[i] for i in s)
        for r in members
        for s in combinations(members, r + 1)
    }
    order = sorted(members, key=lambda i: needs[i])
    expected, running, previous = {}, F(0), 0
    for position, i in enumerate(order):
        running += F(needs[i] - previous, len(needs) - position)
        expected[i], previous = running, needs[i]
    assert shapley(cost) == expected
    assert core_violations(cost, nucleolus(cost)) == []


@SETTINGS
@given(st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 2000))
def test_two_members_all_methods_split_the_saving_equally(a: int, b: int, joint: int) -> None:
    joint = min(joint, a + b)  # subadditive
    cost = game({(0,): a, (1,): b, (0, 1): joint})
    expected = {0: F(joint + a - b, 2), 1: F(joint + b - a, 2)}
    assert shapley(cost) == scrb(cost) == expected
    assert_close(nucleolus(cost), expected)


@SETTINGS
@given(st.dictionaries(st.frozensets(st.integers(0, 3), min_size=1), st.integers(0, 500)))
def test_completion_is_the_cheapest_partition(extra: dict) -> None:
    quotes = {frozenset({i}): 100 + i for i in range(4)} | extra
    completed, derived = complete_costs(quotes, range(4))
    assert len(completed) == 15 and derived == set(completed) - set(quotes)
    for coalition in derived:
        assert completed[coalition] == min(_partition_costs(coalition, quotes))


def _partition_costs(coalition: frozenset, quotes: dict) -> list:
    """Brute force: the cost of every partition of ``coalition`` into quoted coalitions."""
    if not coalition:
        return [0]
    first = min(coalition)
    return [
        quotes[block] + rest
        for block in quotes
        if first in block and block <= coalition
        for rest in _partition_costs(coalition - block, quotes)
    ]
