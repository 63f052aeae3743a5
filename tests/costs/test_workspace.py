"""Cost-split workspace: comparison, fairness warnings, chart, permissions, constant queries."""

from __future__ import annotations

import re

import sqlalchemy as sa

from negotiator.consortia.models import Consortium, Indicator, Role
from negotiator.costs import services
from negotiator.costs.models import CostCandidate
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem
from tests.costs.factories import build_costs, facilitator
from tests.factories import grant, login, make_member, make_user
from tests.helpers import assert_constant_queries


def test_comparison_shows_yen_differences_savings_and_core_warning(app, world):
    cw = build_costs(app, world)
    client = app.test_client()
    login(client, "observer")
    page = client.get(f"/items/{cw.item_id}/costs").get_data(as_text=True)
    # Equal split: 4,000,000 each; 中土佐町 alone would pay 3,600,000 -> core violation.
    assert "4,000,000円" in page
    assert (
        "中土佐町 の負担(4,000,000円)が単独・部分提携の見積(3,600,000円)を 400,000円 上回ります"
        in page
    )
    # 人口割 20590/42199 of 12,000,000 = 5,855,115.05: truncated; the lead (甲) gets the leftover.
    assert "5,855,116円" in page and "+1,855,116円" in page
    assert "<svg" in page and 'class="bar c0"' in page
    assert "style=" not in page and "onclick" not in page
    # Observers read only: no edit or propose controls.
    assert "この候補を提案にする" not in page and "費用区分を追加" not in page


def test_liaison_candidate_is_a_suggestion_and_cannot_edit(app, world):
    cw = build_costs(app, world, quotes=False)
    client = app.test_client()
    login(client, "liaison")
    response = client.post(
        f"/items/{cw.item_id}/costs/candidates/new",
        data={"name": "面積なし均等", "method": "equal", "remainder_rule": "largest"},
    )
    assert response.status_code == 302
    with app.app_context():
        mine = db.session.scalar(
            sa.select(CostCandidate).where(CostCandidate.name == "面積なし均等")
        )
        assert mine.suggested
    assert client.get(f"/cost-candidates/{mine.id}/edit").status_code == 403
    assert client.get(f"/items/{cw.item_id}/costs/indicators").status_code == 403
    page = client.get(f"/items/{cw.item_id}/costs").get_data(as_text=True)
    assert "担当者の提案" in page


def test_other_items_and_other_councils(app, world):
    cw = build_costs(app, world)
    client = app.test_client()
    login(client, "facilitator")
    assert client.get(f"/items/{world.item_id}/costs").status_code == 404  # not a cost split
    assert client.get("/items/99999/costs").status_code == 404
    outsider = app.test_client()
    login(outsider, "outsider")
    assert outsider.get(f"/items/{cw.item_id}/costs").status_code == 403


def test_workspace_queries_do_not_grow(app, world):
    cw = build_costs(app, world)
    client = app.test_client()
    login(client, "facilitator")

    def grow() -> None:
        with app.app_context():
            council = db.session.get(Consortium, world.consortium_id)
            item = db.session.get(AgendaItem, cw.item_id)
            for n in range(3):
                member = make_member(council, f"追加町{n}")
                grant(make_user(f"add{n}"), council, Role.LIAISON, member)
                for key, value in (("population", 1000 + n), ("users", 10 + n)):
                    db.session.add(Indicator(member_id=member.id, key=key, label=key, value=value))
            db.session.flush()
            services.save_category(item, None, {"name": "年間運用費", "amount": 4_800_000}, None)
            for n in range(4):
                data = {
                    "name": f"均等{n}",
                    "method": "equal",
                    "params": {},
                    "remainder_rule": "largest_remainder",
                    "rationale": "",
                }
                services.save_candidate(item, None, data, facilitator())
            db.session.commit()

    assert_constant_queries(app, lambda: client.get(f"/items/{cw.item_id}/costs"), grow)


def test_item_page_links_to_workspace(app, world):
    cw = build_costs(app, world)
    client = app.test_client()
    login(client, "observer")
    page = client.get(f"/items/{cw.item_id}").get_data(as_text=True)
    assert f"/items/{cw.item_id}/costs" in page
    other = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert not re.search(r"/items/\d+/costs", other)
