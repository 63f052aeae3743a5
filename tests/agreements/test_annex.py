"""A frozen cost-split table becomes 別表 rows and shares that add up as printed."""

from __future__ import annotations

from fractions import Fraction

import pytest

from negotiator.agreements.annex import ROUNDED_NOTE, cost_annex, cost_article, share_column

DATA = {
    "method": "mix",
    "formula": "均等割10%+人口割45%+利用者割45%",
    "remainder_rule": "lead",
    "members": [
        {"id": 1, "name": "須崎市", "label": "甲"},
        {"id": 2, "name": "中土佐町", "label": "乙"},
        {"id": 3, "name": "四万十町", "label": "丙"},
    ],
    "categories": [
        {"id": 7, "name": "初期費用", "amount": 1000000},
        {"id": 8, "name": "年間運用費", "amount": 300000},
    ],
    "total": 1300000,
    "rows": [
        {"member_id": 1, "yen": [450001, 135000], "total": 585001, "shares": ["9/20", "9/20"]},
        {"member_id": 2, "yen": [166666, 50000], "total": 216666, "shares": ["1/6", "1/6"]},
        {"member_id": 3, "yen": [383333, 115000], "total": 498333, "shares": ["23/60", "23/60"]},
    ],
    "inputs": {
        "indicators": [
            {"label": "人口", "source": "令和2年国勢調査", "reference_date": "2020-10-01"},
            {"label": "面積", "source": "全国都道府県市区町村別面積調", "reference_date": ""},
        ]
    },
}


def test_cost_annex_rows_notes_in_legal_wording():
    annex = cost_annex(DATA)
    assert annex.title == "経費の負担額及び負担割合"
    assert annex.columns == ("団体", "初期費用（円）", "年間運用費（円）", "合計（円）", "負担割合")
    assert annex.rows[0] == ("須崎市", "450,001", "135,000", "585,001", "20分の9")
    assert annex.rows[-1] == ("計", "1,000,000", "300,000", "1,300,000", "1")
    assert sum(int(r[3].replace(",", "")) for r in annex.rows[:-1]) == 1300000
    assert annex.notes == (
        "負担割合は、均等割10%、人口割45%及び利用者割45%により算定する。",
        "各団体の負担額は、各経費の額に負担割合を乗じて得た額とし、1円未満の端数は切り捨てる。"
        "切り捨てた端数の合計額は、甲が負担する。",
        "人口は、令和2年国勢調査による（令和2年10月1日現在）。",  # 面積 is not used
    )
    text = "".join(annex.notes)
    assert "組合せ" not in text and "です" not in text and "代表団体" not in text


def test_twelve_way_equal_split_prints_exact_fractions_that_add_up():
    cells, total, rounded = share_column([Fraction(1, 12)] * 12)
    assert cells == ["12分の1"] * 12 and total == "1" and not rounded
    assert sum(Fraction(1, int(c.split("分の")[0])) for c in cells) == 1


def test_exact_percentages_stay_exact():
    assert share_column([Fraction(45, 100), Fraction(33, 200), Fraction(77, 200)]) == (
        ["45%", "16.5%", "38.5%"],
        "100%",
        False,
    )


@pytest.mark.parametrize(
    "values",
    [
        (20590, 6002, 15607),
        (
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
        ),
    ],
)
def test_other_shares_are_rounded_to_add_up_to_exactly_100(values):
    shares = [Fraction(v, sum(values)) for v in values]
    cells, total, rounded = share_column(shares)
    assert rounded and total == "100.00%"
    assert sum(Fraction(c.rstrip("%")) for c in cells) == 100
    data = {
        **DATA,
        "members": [{"id": i, "name": f"町{i}", "label": ""} for i in range(len(values))],
        "categories": [{"id": 7, "name": "年間運用費", "amount": 1000}],
        "rows": [
            {"member_id": i, "yen": [0], "total": 0, "shares": [str(s)]}
            for i, s in enumerate(shares)
        ],
    }
    assert ROUNDED_NOTE in cost_annex(data).notes


def test_shares_per_category_when_the_formula_differs():
    rows = [
        {**DATA["rows"][0], "shares": ["1/2", "1/3"]},
        {**DATA["rows"][1], "shares": ["1/4", "1/3"]},
        {**DATA["rows"][2], "shares": ["1/4", "1/3"]},
    ]
    annex = cost_annex({**DATA, "rows": rows})
    assert annex.columns[-2:] == ("負担割合（初期費用）", "負担割合（年間運用費）")
    assert annex.rows[0][-2:] == ("50%", "3分の1")
    assert annex.rows[-1][-2:] == ("100%", "1")


def test_cost_article_is_an_obligation_naming_the_annex():
    assert cost_article("甲、乙及び丙", "グループウェアシステムの共同利用", "別表第1") == (
        "甲、乙及び丙は、グループウェアシステムの共同利用に要する経費を、"
        "別表第1に定めるところにより負担する。"
    )
