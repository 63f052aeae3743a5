"""Bad input gives a message at the field and writes nothing; good input is saved and audited."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.consortia.models import Indicator
from negotiator.costs.models import CostCandidate, CostCategory, CostQuote
from negotiator.db import db
from tests.costs.factories import build_costs
from tests.factories import login
from tests.test_english_pages import japanese_outside_user_data


def _count(app, model) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _client(app, user: str = "facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, user)
    return client


def test_category_amount_must_be_whole_non_negative_yen(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    url = f"/items/{cw.item_id}/costs/categories/new"
    for bad, message in (("-5", "0以上"), ("abc", "数値を入力"), ("10.5", "1円単位")):
        page = client.post(url, data={"name": "年間運用費", "amount": bad}).get_data(as_text=True)
        assert message in page and 'id="amount-error"' in page
    assert _count(app, CostCategory) == 1
    assert client.post(url, data={"name": "年間運用費", "amount": "4,800,000"}).status_code == 302
    with app.app_context():
        saved = db.session.scalar(sa.select(CostCategory).where(CostCategory.name == "年間運用費"))
        assert saved.amount == 4_800_000
        assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "cost.category"))


def _mix(category_id: int, equal: str, population: str, users: str) -> dict[str, str]:
    return {
        f"w-{category_id}-equal": equal,
        f"w-{category_id}-population": population,
        f"w-{category_id}-users": users,
    }


def test_weights_must_sum_to_100(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    before = _count(app, CostCandidate)
    data = {"name": "重み違い", "method": "mix", "remainder_rule": "lead"}
    page = client.post(
        f"/items/{cw.item_id}/costs/candidates/new",
        data=data | _mix(cw.category_id, "10", "45", "40"),
    ).get_data(as_text=True)
    assert "重みの合計が100%になっていません(現在 95%)" in page
    assert f'id="w-{cw.category_id}-error"' in page
    bad = client.post(
        f"/items/{cw.item_id}/costs/candidates/new",
        data=data | _mix(cw.category_id, "x", "45", "45"),
    ).get_data(as_text=True)
    assert "数値を入力してください" in bad
    assert _count(app, CostCandidate) == before
    # In English the same refusal is English through and through (the core returns a message,
    # the page translates it), in the form and in the live preview.
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.post(
        f"/items/{cw.item_id}/costs/candidates/new",
        data=data | _mix(cw.category_id, "10", "45", "40"),
    ).get_data(as_text=True)
    assert "The weights do not add up to 100% (now 95%)" in page
    preview = client.get(
        f"/items/{cw.item_id}/costs/preview",
        query_string={"method": "mix", "remainder_rule": "lead"}
        | _mix(cw.category_id, "10", "45", "40"),
    ).get_data(as_text=True)
    assert "Cannot be calculated: The weights do not add up to 100% (now 95%)" in preview
    assert not japanese_outside_user_data(preview)


def test_zero_indicator_total_and_missing_quotes_and_rationale(app, world):
    cw = build_costs(app, world, quotes=False)
    client = _client(app)
    with app.app_context():
        for row in db.session.scalars(sa.select(Indicator).where(Indicator.key == "users")):
            row.value = 0
        db.session.commit()
    url = f"/items/{cw.item_id}/costs/candidates/new"
    zero = client.post(
        url,
        data={
            "name": "利用者割",
            "method": "proportional",
            "indicator": "users",
            "remainder_rule": "lead",
        },
    )
    assert "指標の合計が0のため、按分できません" in zero.get_data(as_text=True)
    shapley = client.post(url, data={"name": "S", "method": "shapley", "remainder_rule": "lead"})
    assert "単独の見積がないため" in shapley.get_data(as_text=True)
    scrb = client.post(url, data={"name": "S", "method": "scrb", "remainder_rule": "lead"})
    assert "の費用が必要です" in scrb.get_data(as_text=True)
    manual = {"name": "協議", "method": "manual", "unit": "percent", "remainder_rule": "lead"}
    ids = world.member_ids
    values = {f"v-{ids[0]}": "50", f"v-{ids[1]}": "20", f"v-{ids[2]}": "30"}
    no_reason = client.post(url, data=manual | values).get_data(as_text=True)
    assert "理由を必ず書いてください" in no_reason
    wrong_sum = client.post(
        url, data=manual | values | {f"v-{ids[2]}": "20", "rationale": "協議の結果"}
    )
    assert "割合の合計が100%になっていません(現在 90%)" in wrong_sum.get_data(as_text=True)
    before = _count(app, CostCandidate)
    ok = client.post(url, data=manual | values | {"rationale": "第2回協議会で合意した割合"})
    assert ok.status_code == 302 and _count(app, CostCandidate) == before + 1


def test_quotes_form_checks_each_field(app, world):
    cw = build_costs(app, world, quotes=False)
    client = _client(app)
    url = f"/cost-categories/{cw.category_id}/quotes"
    ids = world.member_ids
    page = client.post(url, data={f"q-{ids[0]}": "-1", f"q-{ids[1]}": "abc"}).get_data(as_text=True)
    assert page.count('class="error"') >= 2 and _count(app, CostQuote) == 0
    good = {f"q-{i}": "5,000,000" for i in ids} | {f"q-{ids[0]}_{ids[1]}": "8000000"}
    assert client.post(url, data=good).status_code == 302
    assert _count(app, CostQuote) == 4
    # Blank removes a quote.
    assert client.post(url, data={f"q-{i}": "5000000" for i in ids}).status_code == 302
    assert _count(app, CostQuote) == 3


def test_indicator_table_edit_and_new_indicator(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    url = f"/items/{cw.item_id}/costs/indicators"
    page = client.get(url).get_data(as_text=True)
    assert 'value="20,590"' in page
    ids = world.member_ids
    base = {"label-0": "人口", "label-1": "利用者数", "unit-0": "人"}
    base |= {f"val-0-{i}": v for i, v in zip(ids, ("20590", "6002", "15607"), strict=True)}
    base |= {f"val-1-{i}": v for i, v in zip(ids, ("420", "190", "390"), strict=True)}
    bad = client.post(url, data=base | {f"val-1-{ids[1]}": "-3"}).get_data(as_text=True)
    assert "0以上の数値を入力してください" in bad and f'id="val-1-{ids[1]}-error"' in bad
    new = {"label-new": "面積", "key-new": "area", "unit-new": "km²"}
    new |= {f"val-new-{i}": v for i, v in zip(ids, ("135.46", "193.43", "642.06"), strict=True)}
    assert client.post(url, data=base | new).status_code == 302
    with app.app_context():
        areas = db.session.scalars(sa.select(Indicator).where(Indicator.key == "area")).all()
        assert sorted(str(a.value.normalize()) for a in areas) == ["135.46", "193.43", "642.06"]
