"""Candidate -> proposal revision with a frozen table; live preview; Excel and CSV."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from negotiator.consortia.models import Indicator
from negotiator.costs.models import FrozenCostTable
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem
from tests.costs.factories import build_costs
from tests.factories import login


def _client(app, user: str = "facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, user)
    return client


def test_candidate_becomes_revision_and_table_stays_frozen(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    cand = cw.candidate_ids["人口割"]
    response = client.post(f"/cost-candidates/{cand}/propose", data={"base_revision": 1})
    assert response.status_code == 302 and f"/items/{cw.item_id}" in response.headers["Location"]
    with app.app_context():
        item = db.session.get(AgendaItem, cw.item_id)
        assert item.current_revision == 2
        assert "| 甲 須崎市 | 48.79% | 5,855,116円 | 5,855,116円 |" in item.revisions[-1].text
        table = db.session.scalar(sa.select(FrozenCostTable))
        table_id, frozen_before = table.id, dict(table.data)
        for row in db.session.scalars(sa.select(Indicator).where(Indicator.key == "population")):
            row.value = 10000
        db.session.commit()
    # The comparison follows the new indicators; the frozen table does not.
    page = client.get(f"/items/{cw.item_id}/costs").get_data(as_text=True)
    assert "4,000,000円" in page and "5,855,116円" not in page
    frozen_page = client.get(f"/cost-tables/{table_id}").get_data(as_text=True)
    assert "5,855,116円" in frozen_page and "20,590" in frozen_page
    with app.app_context():
        assert db.session.get(FrozenCostTable, table_id).data == frozen_before
    # A stale form (revision moved on) is refused and writes nothing.
    again = client.post(f"/cost-candidates/{cand}/propose", data={"base_revision": 1})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(FrozenCostTable.id))) == 1


def test_liaison_cannot_propose(app, world):
    cw = build_costs(app, world)
    client = _client(app, "liaison")
    cand = cw.candidate_ids["人口割"]
    assert (
        client.post(f"/cost-candidates/{cand}/propose", data={"base_revision": 1}).status_code
        == 403
    )


def test_preview_fragment_recomputes_from_typed_weights(app, world):
    cw = build_costs(app, world)
    client = _client(app, "liaison")
    c = cw.category_id
    url = f"/items/{cw.item_id}/costs/preview"
    query = {
        "method": "mix",
        "name": "試算",
        "remainder_rule": "lead",
        f"w-{c}-equal": "0",
        f"w-{c}-population": "100",
        f"w-{c}-users": "0",
    }
    fragment = client.get(url, query_string=query).get_data(as_text=True)
    assert "<html" not in fragment and "5,855,116円" in fragment and "<svg" in fragment
    query[f"w-{c}-users"] = "10"
    bad = client.get(url, query_string=query).get_data(as_text=True)
    assert "重みの合計が100%になっていません(現在 110%)" in bad


def test_excel_exports_have_numbers(app, world):
    cw = build_costs(app, world)
    client = _client(app, "observer")
    response = client.get(f"/items/{cw.item_id}/costs/comparison.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["比較"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == "甲 須崎市"]
    assert rows[0][2] == 4_000_000 and isinstance(rows[0][2], int)
    assert abs(rows[1][1] - 20590 / 42199) < 1e-4  # 人口割 share, a number formatted as %
    assert "入力" in book.sheetnames
    _client(app).post(
        f"/cost-candidates/{cw.candidate_ids['人口割']}/propose", data={"base_revision": 1}
    )
    with app.app_context():
        table_id = db.session.scalar(sa.select(FrozenCostTable.id))
    frozen = load_workbook(io.BytesIO(client.get(f"/cost-tables/{table_id}/export.xlsx").data))
    values = list(frozen["負担表"].iter_rows(values_only=True))
    assert any(r[0] == "甲 須崎市" and r[2] == 5_855_116 for r in values if r)


CSV = (
    "構成団体,指標,値,単位,基準日,出典\n須崎市,人口,20000,人,2025-01-01,住民基本台帳\n"
    "中土佐町,人口,6000,人,,\n四万十町,人口,15000,人,,\n須崎市,面積,135.46,km²,,\n"
    "中土佐町,面積,193.43,km²,,\n四万十町,面積,642.06,km²,,\n"
)


def _upload(client, item_id: int, data: bytes):  # noqa: ANN001, ANN202
    return client.post(
        f"/items/{item_id}/costs/indicators/import",
        data={"file": (io.BytesIO(data), "indicators.csv")},
        content_type="multipart/form-data",
    )


def _population(app) -> list[str]:  # noqa: ANN001
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Indicator).where(Indicator.key == "population").order_by(Indicator.member_id)
        )
        return [f"{r.value.normalize():f}" for r in rows]


def test_csv_import_utf8_and_cp932(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    assert _upload(client, cw.item_id, CSV.encode("utf-8-sig")).status_code == 302
    assert _population(app) == ["20000", "6000", "15000"]
    sjis = CSV.replace("20000", "21000").replace("km²", "km2").encode("cp932")
    assert _upload(client, cw.item_id, sjis).status_code == 302
    assert _population(app)[0] == "21000"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Indicator.key == "面積")) == 3


def test_csv_bad_rows_reported_by_line_and_nothing_imported(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    bad = CSV.replace("中土佐町,人口,6000", "中土佐町,人口,-6").replace(
        "四万十町,面積", "宿毛市,面積"
    )
    page = _upload(client, cw.item_id, bad.encode("utf-8")).get_data(as_text=True)
    assert "3行目" in page and "7行目" in page and "何も取り込んでいません" in page
    assert _population(app) == ["20590", "6002", "15607"]
    garbage = _upload(client, cw.item_id, b"\xff\xfe\x00\x81").get_data(as_text=True)
    assert "文字コード" in garbage or "見出し" in garbage


def test_csv_problems_are_in_the_readers_language(app, world):
    """The import's line messages are messages, not Japanese strings: English pages show them
    in English, with the member's name as typed."""
    cw = build_costs(app, world)
    client = _client(app)
    client.post("/language", data={"lang": "en", "next": "/"})
    bad = CSV.replace("中土佐町,人口,6000", "中土佐町,人口,").replace(
        "四万十町,面積", "宿毛市,面積"
    )
    page = _upload(client, cw.item_id, bad.encode("utf-8")).get_data(as_text=True)
    assert 'Line 7: The member “<span lang="ja">宿毛市</span>” is not in this council' in page
    assert "Line 3: Value: " in page and "行目" not in page
    assert _population(app) == ["20590", "6002", "15607"]
