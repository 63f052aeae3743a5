"""Board, item page, diff and dashboard: content, filters, safe text, constant query counts."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.consortia.models import Consortium, Member, Role
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.factories import grant, login, make_item, make_member, make_user, record
from tests.helpers import assert_constant_queries


def _grow(app, world, items: int = 6, members: int = 3, tag: str = "追加"):  # noqa: ANN001, ANN202
    def grow() -> None:
        with app.app_context():
            council = db.session.get(Consortium, world.consortium_id)
            negotiation = db.session.get(Negotiation, world.negotiation_id)
            new_members = [make_member(council, f"{tag}町{i}") for i in range(members)]
            for i, m in enumerate(new_members):
                grant(make_user(f"{tag}_liaison{i}"), council, Role.LIAISON, m)
            everyone = db.session.scalars(
                sa.select(Member).where(Member.consortium_id == council.id)
            ).all()
            for i in range(items):
                item = make_item(negotiation, f"{tag}項目{i}", category="operations")
                for m in everyone[: 1 + i % len(everyone)]:
                    record(item, m, "conditional", conditions="条件A\n条件B")
            db.session.commit()

    return grow


def test_board_queries_do_not_grow(app, world):
    client = app.test_client()
    login(client, "facilitator")
    url = f"/negotiations/{world.negotiation_id}"
    assert_constant_queries(app, lambda: client.get(url), _grow(app, world))


def test_item_page_queries_do_not_grow(app, world):
    client = app.test_client()
    login(client, "facilitator")
    url = f"/items/{world.item_id}"

    def grow() -> None:
        _grow(app, world, items=1, members=4)()
        with app.app_context():
            item = db.session.get(AgendaItem, world.item_id)
            for m in db.session.scalars(sa.select(Member)).all():
                if m.consortium_id == world.consortium_id:
                    record(item, m, "object", reason="理由")
                    record(item, m, "conditional", conditions="条件")
            db.session.commit()

    assert_constant_queries(app, lambda: client.get(url), grow)


def test_dashboard_queries_do_not_grow(app, world):
    for user in ("liaison", "facilitator"):
        client = app.test_client()
        login(client, user)
        assert_constant_queries(app, lambda c=client: c.get("/"), _grow(app, world, 3, 1, user))


def test_board_filters(app, client, world):
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        make_item(negotiation, "リモート接続の方式", category="remote_access")
        db.session.commit()
    login(client, "observer")
    url = f"/negotiations/{world.negotiation_id}"
    both = client.get(url).get_data(as_text=True)
    assert "アクセス権制御ポリシー" in both and "リモート接続の方式" in both
    remote = client.get(url + "?category=remote_access").get_data(as_text=True)
    assert "リモート接続の方式" in remote and "1. アクセス権制御ポリシー" not in remote
    agreed = client.get(url + "?state=agreed").get_data(as_text=True)
    assert "該当する協議事項はありません" in agreed
    nonsense = client.get(url + "?state=<script>&category=x")
    assert nonsense.status_code == 200 and "<script>&" not in nonsense.get_data(as_text=True)


def test_proposal_text_is_rendered_safely(app, client, world):
    login(client, "facilitator")
    hostile = (
        "# 見出し\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n"
        "<img src=x onerror=alert(1)>"
    )
    client.post(
        f"/items/{world.item_id}/revise",
        data={"text": hostile, "change_note": "", "base_revision": "1"},
    )
    page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert "<h1>見出し</h1>" in page
    assert "<script>alert" not in page and 'href="javascript:' not in page
    assert "<img" not in page


def test_diff_between_revisions(app, client, world):
    login(client, "facilitator")
    client.post(
        f"/items/{world.item_id}/revise",
        data={
            "text": "職員は庁舎内及び支所から接続できる。",
            "change_note": "支所を追加",
            "base_revision": "1",
        },
    )
    page = client.get(f"/items/{world.item_id}/diff?a=1&b=2").get_data(as_text=True)
    assert "<del>" in page and "<ins>" in page and "支所" in page
    assert client.get(f"/items/{world.item_id}/diff?a=1&b=9").status_code == 404


def test_create_negotiation_and_propose_item(app, client, world):
    login(client, "facilitator")
    response = client.post(
        f"/consortia/{world.consortium_id}/negotiations/new",
        data={"title": "防災情報の共有", "description": "", "decision_rule": "consent"},
    )
    assert response.status_code == 302
    duplicate = client.post(
        f"/consortia/{world.consortium_id}/negotiations/new",
        data={"title": "防災情報の共有", "description": "", "decision_rule": "consent"},
    )
    assert 'id="title-error"' in duplicate.get_data(as_text=True)
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(
        f"/negotiations/{new_id}/items/new",
        data={
            "title": "避難所情報の更新",
            "category": "operations",
            "description": "",
            "proposing_member_id": "0",
            "rule_override": "",
            "text": "毎日更新する。",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.negotiation_id == new_id))
        assert (item.number, item.current_revision, item.proposing_member_id) == (1, 1, None)


def test_liaison_proposes_for_own_member_only(app, client, world):
    login(client, "liaison")
    response = client.post(
        f"/negotiations/{world.negotiation_id}/items/new",
        data={
            "title": "X",
            "category": "other",
            "description": "",
            "rule_override": "",
            "proposing_member_id": str(world.member_ids[1]),
            "text": "本文",
        },
    )
    assert 'id="proposing_member_id-error"' in response.get_data(as_text=True)


def test_dashboard_tasks(app, world):
    liaison = app.test_client()
    login(liaison, "other_liaison")  # 中土佐町 has no position on item 1
    page = liaison.get("/").get_data(as_text=True)
    assert "中土佐町の意見を登録" in page and "アクセス権制御ポリシー" in page
    facilitator = app.test_client()
    login(facilitator, "facilitator")
    page = facilitator.get("/").get_data(as_text=True)
    assert "会議または書面協議でまだ協議されていません" in page
