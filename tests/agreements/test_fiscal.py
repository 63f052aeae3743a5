"""年度 (April to March) as cost tables and annexes name them."""

from __future__ import annotations

import datetime as dt

import pytest

from negotiator.agreements.annex import cost_annex
from negotiator.agreements.fiscal import fiscal_year_label, fiscal_year_of, fiscal_year_span


@pytest.mark.parametrize(
    ("day", "year", "label"),
    [
        (dt.date(2026, 4, 1), 2026, "令和8年度"),
        (dt.date(2027, 3, 31), 2026, "令和8年度"),
        (dt.date(2019, 4, 1), 2019, "令和元年度"),
        (dt.date(2020, 1, 15), 2019, "令和元年度"),
        (dt.date(2030, 12, 1), 2030, "令和12年度"),
    ],
)
def test_fiscal_year_of_a_day_and_its_name(day, year, label):  # noqa: ANN001
    assert fiscal_year_of(day) == year
    assert fiscal_year_label(year) == label
    first, last = fiscal_year_span(year)
    assert first <= day <= last


def test_an_annex_for_a_fiscal_year_is_titled_with_it():
    data = {
        "method": "equal",
        "remainder_rule": "lead",
        "members": [{"id": 1, "name": "須崎市"}, {"id": 2, "name": "中土佐町"}],
        "categories": [{"id": 1, "name": "運用費", "amount": 3}],
        "total": 3,
        "rows": [
            {"member_id": 1, "shares": ["1/2"], "yen": [2], "total": 2},
            {"member_id": 2, "shares": ["1/2"], "yen": [1], "total": 1},
        ],
    }
    assert cost_annex(data).title == "経費の負担額及び負担割合"
    assert cost_annex(data | {"fiscal_year": 2026}).title == "令和8年度経費の負担額及び負担割合"
