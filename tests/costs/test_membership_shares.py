"""Shares recomputed for a new membership on the agreed method: pure, exact, summing up."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from negotiator.costs import split
from negotiator.costs.membership import JOINED, LEFT, STAYS, Figure, recompute
from negotiator.costs.split import SplitError

A, B, C, D = (
    split.MemberRef(i, n) for i, n in enumerate(("須崎市", "中土佐町", "四万十町", "津野町"), 1)
)
POPULATION = {1: 20590, 2: 6002, 3: 15607, 4: 5270}


def _frozen(members, spec, *, amounts=(10_000_000,), quotes=None):  # noqa: ANN001, ANN202
    inputs = split.Inputs(
        members=tuple(members),
        categories=tuple(split.CategoryRef(i, f"区分{i}", a) for i, a in enumerate(amounts, 1)),
        indicators={
            "population": split.IndicatorRef(
                "population",
                "人口",
                "人",
                {m.id: Decimal(POPULATION[m.id]) for m in members},
                reference_date="2020-10-01",
                source="国勢調査",
            )
        },
        quotes=quotes or {},
    )
    table = split.compute(inputs, spec)
    table["inputs"] = {
        "indicators": [
            {
                "key": "population",
                "label": "人口",
                "unit": "人",
                "reference_date": "2020-10-01",
                "source": "国勢調査",
                "values": [str(POPULATION[m.id]) for m in members],
            }
        ],
        "quotes": [
            {"category": "区分1", "members": [m.name for m in members if m.id in s], "amount": v}
            for s, v in (quotes or {}).get(1, {}).items()
        ],
    }
    return table


PROPORTIONAL = split.Spec("proportional", {"indicator": "population"}, "lead")
EQUAL = split.Spec("equal", {}, "largest_remainder")
MIX = split.Spec(
    "mix", {"weights": {"1": {"equal": "10", "population": "90"}}}, "largest_remainder"
)
JOIN = {"population": {4: Figure(Decimal(5270), "2020-10-01")}}


@pytest.mark.parametrize(
    ("spec", "before", "after", "figures", "statuses"),
    [
        (PROPORTIONAL, (A, B, C), (A, B, C, D), JOIN, [STAYS, STAYS, STAYS, JOINED]),
        (EQUAL, (A, B, C), (A, B, C, D), {}, [STAYS, STAYS, STAYS, JOINED]),
        (MIX, (A, B, C), (A, B, C, D), JOIN, [STAYS, STAYS, STAYS, JOINED]),
        (PROPORTIONAL, (A, B, C), (A, C), {}, [STAYS, LEFT, STAYS]),
        (EQUAL, (A, B, C, D), (A, B, D), {}, [STAYS, STAYS, LEFT, STAYS]),
        (MIX, (A, B, C, D), (B, C, D), {}, [LEFT, STAYS, STAYS, STAYS]),
    ],
)
def test_old_and_new_shares_add_up_exactly(spec, before, after, figures, statuses):  # noqa: ANN001
    result = recompute(_frozen(before, spec), after, figures)
    assert [r.status for r in result.rows] == statuses
    assert sum(r.old_yen for r in result.rows) == result.old_total == 10_000_000
    assert sum(r.new_yen for r in result.rows) == result.new_total == 10_000_000
    assert sum(r.new_share for r in result.rows) == 1
    assert sum(r.difference for r in result.rows) == 0
    assert all(r.new_yen == 0 for r in result.rows if r.status == LEFT)
    assert all(r.old_yen == 0 for r in result.rows if r.status == JOINED)
    assert isinstance(result.rows[0].new_share, Fraction)


def test_a_join_on_population_shares_by_the_new_figure():
    result = recompute(_frozen((A, B, C), PROPORTIONAL), (A, B, C, D), JOIN)
    total = sum(POPULATION.values())
    d = next(r for r in result.rows if r.member_id == 4)
    assert d.new_share == Fraction(5270, total)
    assert d.difference == d.new_yen > 0
    # The table keeps the reference date of the figures it was computed from.
    indicator = result.table["inputs"]["indicators"][0]
    assert indicator["values"] == ["20590", "6002", "15607", "5270"]
    assert indicator["reference_date"] == "2020-10-01"


def test_a_leave_that_breaks_the_core_is_warned():
    # 須崎市 could run the system alone for 3,000,000円; by population it would pay far more.
    quotes = {1: {frozenset({1}): 3_000_000, frozenset({3}): 9_000_000}}
    frozen = _frozen((A, B, C), PROPORTIONAL, quotes=quotes)
    result = recompute(frozen, (A, C))
    assert [v["members"] for v in result.violations] == [["須崎市"]]
    assert result.violations[0]["excess"] > 0
    assert sum(r.new_yen for r in result.rows) == 10_000_000


def test_a_joiner_without_the_indicator_is_refused_with_its_name():
    with pytest.raises(SplitError) as error:
        recompute(_frozen((A, B, C), PROPORTIONAL), (A, B, C, D))
    assert "津野町" in error.value.message


def test_fiscal_year_is_kept_on_the_new_table():
    result = recompute(_frozen((A, B, C), EQUAL), (A, B, C, D), fiscal_year=2027)
    assert result.table["fiscal_year"] == 2027


SHAPLEY = split.Spec("shapley", {}, "lead")
FOUNDERS_QUOTES = {
    frozenset({1}): 6_000_000,
    frozenset({2}): 3_000_000,
    frozenset({3}): 5_500_000,
    frozenset({1, 2}): 8_000_000,
    frozenset({1, 3}): 9_000_000,
    frozenset({2, 3}): 7_500_000,
}


def test_a_joiner_on_a_cooperative_method_needs_its_own_quotes_and_says_so():
    frozen = _frozen((A, B, C), SHAPLEY, quotes={1: FOUNDERS_QUOTES})
    with pytest.raises(SplitError) as error:
        recompute(frozen, (A, B, C, D))
    # The founders together cost the frozen amount: only 津野町's coalitions are asked for.
    assert error.value.message == (
        "「区分1」の見積に津野町を含む提携がありません。"
        "津野町の単独の見積と、津野町を含む提携の見積を入力してください。"
    )


def test_a_joiners_quotes_entered_since_complete_the_frozen_game():
    frozen = _frozen((A, B, C), SHAPLEY, quotes={1: FOUNDERS_QUOTES})
    live = {1: {frozenset({4}): 2_800_000, frozenset({1, 4}): 7_900_000, frozenset({1}): 1}}
    result = recompute(frozen, (A, B, C, D), live_quotes=live)
    new = {r.member_id: r.new_yen for r in result.rows}
    assert sum(new.values()) == 10_000_000 and 0 < new[4] < 10_000_000 // 4
    quotes = {tuple(q["members"]): q["amount"] for q in result.table["inputs"]["quotes"]}
    assert quotes[("須崎市",)] == 6_000_000  # the frozen quote stands, not the live one
    assert quotes[("須崎市", "中土佐町", "四万十町")] == 10_000_000  # the old whole council
    assert quotes[("須崎市", "津野町")] == 7_900_000
