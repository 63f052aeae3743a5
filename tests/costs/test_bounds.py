"""Issue 11: numbers typed into any cost route are bounded before the exact arithmetic runs."""

from __future__ import annotations

import io

import sqlalchemy as sa

from negotiator.consortia.models import Indicator
from negotiator.costs.models import CostCandidate, CostCategory
from negotiator.db import db
from tests.costs.factories import build_costs
from tests.factories import login

BOMB = "1e-150000"
PLACES = "小数点以下は4桁までで入力してください"


def _client(app, user: str = "facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, user)
    return client


def _manual(world, values: list[str]) -> dict[str, str]:  # noqa: ANN001
    data = {"method": "manual", "unit": "percent", "name": "試算", "remainder_rule": "lead"}
    return data | {f"v-{m}": v for m, v in zip(world.member_ids, values, strict=True)}


def test_preview_refuses_an_exponent_bomb_at_its_field(app, world):
    cw = build_costs(app, world)
    query = _manual(world, [BOMB, "50", "50"])
    page = _client(app, "observer").get(f"/items/{cw.item_id}/costs/preview", query_string=query)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and f"計算できません: {PLACES}" in text


def test_candidate_form_refuses_huge_numbers_and_checks_permission_first(app, world):
    cw = build_costs(app, world)
    url = f"/items/{cw.item_id}/costs/candidates/new"
    before = _count(app, CostCandidate)
    data = _manual(world, [BOMB, "1e999999999", "50"]) | {"rationale": "協議で決めた"}
    assert _client(app, "observer").post(url, data=data).status_code == 403
    page = _client(app).post(url, data=data).get_data(as_text=True)
    assert PLACES in page and f'id="v-{world.member_ids[0]}-error"' in page
    assert _count(app, CostCandidate) == before


def test_category_quotes_and_indicators_refuse_huge_numbers(app, world):
    cw = build_costs(app, world, quotes=False)
    client = _client(app)
    ids = world.member_ids
    category = client.post(
        f"/items/{cw.item_id}/costs/categories/new", data={"name": "運用費", "amount": "1e-99999"}
    )
    assert "1円単位" in category.get_data(as_text=True)
    quotes = client.post(f"/cost-categories/{cw.category_id}/quotes", data={f"q-{ids[0]}": "9e99"})
    assert "大きすぎる数値です" in quotes.get_data(as_text=True)
    grid = {"label-0": "人口", "label-1": "利用者数"}
    grid |= {f"val-0-{i}": "100" for i in ids} | {f"val-1-{i}": "100" for i in ids}
    grid[f"val-1-{ids[1]}"] = BOMB
    page = client.post(f"/items/{cw.item_id}/costs/indicators", data=grid).get_data(as_text=True)
    assert PLACES in page and f'id="val-1-{ids[1]}-error"' in page
    assert _count(app, CostCategory) == 1


def test_csv_import_refuses_huge_numbers_by_line(app, world):
    cw = build_costs(app, world)
    csv = "構成団体,指標,値\n須崎市,人口,1e-150000\n中土佐町,人口,6000\n四万十町,人口,15000\n"
    page = _client(app).post(
        f"/items/{cw.item_id}/costs/indicators/import",
        data={"file": (io.BytesIO(csv.encode()), "a.csv")},
        content_type="multipart/form-data",
    )
    assert f"2行目: 値: {PLACES}" in page.get_data(as_text=True)
    with app.app_context():
        values = db.session.scalars(sa.select(Indicator.value).where(Indicator.key == "population"))
        assert 20590 in list(values)


def test_csv_import_reports_a_field_too_large_for_the_csv_reader(app, world):
    cw = build_costs(app, world)
    csv = "構成団体,指標,値\n須崎市,人口," + "1" * 200_000 + "\n"
    page = _client(app).post(
        f"/items/{cw.item_id}/costs/indicators/import",
        data={"file": (io.BytesIO(csv.encode()), "a.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200 and "CSVとして読み取れません" in page.get_data(as_text=True)


def _count(app, model) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_csv_upload_larger_than_its_limit_is_refused_before_reading(app, world):
    cw = build_costs(app, world)
    url = f"/items/{cw.item_id}/costs/indicators/import"
    body = b"0" * 1_200_000  # raw: the test client would spool a multipart file to disk
    response = _client(app).post(url, data=body, content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
