"""A frozen cost-split table becomes 別表 rows that add up."""

from __future__ import annotations

from negotiator.agreements.annex import cost_annex

DATA = {
    "formula": "均等割10%+人口割45%+利用者割45%",
    "remainder_rule": "lead",
    "members": [
        {"id": 1, "name": "須崎市"},
        {"id": 2, "name": "中土佐町"},
        {"id": 3, "name": "四万十町"},
    ],
    "categories": [
        {"id": 7, "name": "初期費用", "amount": 1000000},
        {"id": 8, "name": "年間運用費", "amount": 300000},
    ],
    "total": 1300000,
    "rows": [
        {"member_id": 1, "yen": [450001, 135000], "total": 585001, "percent": "45.00"},
        {"member_id": 2, "yen": [166666, 50000], "total": 216666, "percent": "16.67"},
        {"member_id": 3, "yen": [383333, 115000], "total": 498333, "percent": "38.33"},
    ],
    "inputs": {
        "indicators": [
            {"label": "人口", "source": "2020年国勢調査", "reference_date": "2020-10-01"}
        ]
    },
}


def test_cost_annex_rows_and_notes():
    annex = cost_annex("候補A", DATA)
    assert annex.columns == ("団体", "初期費用(円)", "年間運用費(円)", "合計(円)", "負担割合")
    assert annex.rows[0] == ("須崎市", "450,001", "135,000", "585,001", "45.00%")
    assert annex.rows[-1] == ("計", "1,000,000", "300,000", "1,300,000", "100%")
    assert sum(int(r[3].replace(",", "")) for r in annex.rows[:-1]) == 1300000
    assert annex.notes[0] == "負担の方法: 均等割10%+人口割45%+利用者割45%"
    assert "代表団体が負担する" in annex.notes[1]
    assert annex.notes[2:] == ("人口: 2020年国勢調査(2020-10-01)",)  # 面積 is not used
