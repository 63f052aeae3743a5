"""The 変更協定 draft for a joining member points the facilitator at articles naming parties."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.agreements import services
from negotiator.agreements.models import Agreement
from negotiator.db import db
from tests.agreements.membership_helpers import executed_with_costs, join_fourth_town
from tests.factories import login

REPORT = "甲は、毎年度、乙及び丙に運用状況を報告する。"
STAFF = "乙及び丙の職員は、操作研修を受けることができる。"


def _get(app, username: str, url: str) -> str:  # noqa: ANN001
    client = app.test_client()
    login(client, username)
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_articles_naming_parties_by_label_are_pointed_out_after_a_join(app, world):
    original_id, _item = executed_with_costs(app, world)
    join_fourth_town(app, world)
    client = app.test_client()
    login(client, "facilitator")
    started = client.post(f"/agreements/{original_id}/membership", data={"reason": "津野町の加入"})
    assert started.status_code == 302, started.get_data(as_text=True)
    with app.app_context():
        amendment = db.session.scalar(sa.select(Agreement).where(Agreement.amends_id.is_not(None)))
        services.add_standard_article(amendment, "報告", REPORT, amendment.version)
        services.add_standard_article(amendment, "研修", STAFF, amendment.version)
        db.session.commit()
        amendment_id, number = amendment.id, len(amendment.articles) - 1
        renamed = [n for n, a in enumerate(amendment.articles, 1) if "乙、丙及び丁" in a.body]
    page = _get(app, "facilitator", f"/agreements/{amendment_id}")
    warning = (
        f"第{number}条は従前の当事者(甲、乙及び丙)を全て挙げていますが、"
        "加入する丁を挙げていません。加える必要がないか確認してください。"
    )
    some = (
        f"第{number + 1}条は当事者のうち乙及び丙を挙げています。"
        "加入する丁も挙げる必要がないか確認してください。"
    )
    # In the list above the draft, and next to the article's edit form.
    assert page.count(warning) == 2 and page.count(some) == 2
    assert page.count('<span class="badge illustrative">当事者の確認</span>') == 2
    # Articles whose 「甲、乙及び丙」 was rewritten to name 丁 are not listed.
    assert renamed
    for n in renamed:
        assert f"第{n}条は" not in page
    # Only the facilitator edits the draft: members read it without the list.
    assert warning not in _get(app, "liaison", f"/agreements/{amendment_id}")
