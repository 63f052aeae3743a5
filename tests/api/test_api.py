"""The JSON API's endpoints, answers and refusals."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask

from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.negotiation.models import Position
from tests.api.helpers import bearer, item_state, token_for
from tests.factories import World, login, make_item, make_negotiation

V1 = "/api/v1"


def _get(app: Flask, url: str, role: str = "liaison", **headers: str):  # noqa: ANN202
    return app.test_client().get(url, headers=bearer(token_for(app, role), **headers))


def test_reads(app: Flask, world: World) -> None:
    client, headers = app.test_client(), bearer(token_for(app, "observer"))
    councils = client.get(f"{V1}/councils", headers=headers).json
    assert [c["id"] for c in councils["items"]] == [world.consortium_id]
    members = client.get(f"{V1}/councils/{world.consortium_id}/members", headers=headers).json
    assert [m["name"] for m in members["items"]] == ["須崎市", "中土佐町", "四万十町"]
    negotiations = client.get(f"{V1}/councils/{world.consortium_id}/negotiations", headers=headers)
    assert negotiations.json["items"][0]["id"] == world.negotiation_id
    item = client.get(f"{V1}/items/{world.item_id}", headers=headers).json
    assert item["revision"]["number"] == 1 and item["revision"]["text"] == "提案文"
    # What the item page says is still missing, in the same words.
    assert item["decision"]["missing"] == [
        "中土佐町: 第1版への意見がありません",
        "四万十町: 第1版への意見がありません",
    ]
    assert item["created_at"].endswith("+00:00")
    positions = client.get(f"{V1}/items/{world.item_id}/positions", headers=headers).json
    first = positions["members"][0]
    assert first["current"]["stance"] == "conditional" and not first["stale"]
    assert first["current"]["conditions"][0]["text"] == "端末を限定する"
    assert positions["members"][1]["current"] is None


def test_cursor_paging(app: Flask, world: World) -> None:
    client, headers = app.test_client(), bearer(token_for(app, "observer"))
    url = f"{V1}/councils/{world.consortium_id}/members?limit=2"
    first = client.get(url, headers=headers).json
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = client.get(f"{url}&cursor={first['next_cursor']}", headers=headers).json
    assert [m["name"] for m in second["items"]] == ["四万十町"] and second["next_cursor"] is None
    for bad in ("limit=0", "limit=101", "limit=x", "cursor=%%%", "cursor=YWZ0ZXI6LTE"):
        response = client.get(f"{V1}/councils/{world.consortium_id}/members?{bad}", headers=headers)
        assert response.status_code == 400, bad
        assert response.json["errors"][0]["field"] in ("limit", "cursor")


def test_etag_and_if_none_match(app: Flask, world: World) -> None:
    client, headers = app.test_client(), bearer(token_for(app, "observer"))
    url = f"{V1}/items/{world.item_id}"
    first = client.get(url, headers=headers)
    again = client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    writer = bearer(token_for(app, "facilitator"))
    body = {"text": "第2版", "base_revision": 1}
    assert client.post(f"{url}/revisions", json=body, headers=writer).status_code == 201
    changed = client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.json["current_revision"] == 2


def test_board_filters(app: Flask, world: World) -> None:
    with app.app_context():
        from negotiator.consortia.models import Consortium

        negotiation = make_negotiation(db.session.get(Consortium, world.consortium_id), "別案件")
        make_item(negotiation, "運用の件", category="operations")
        make_item(negotiation, "費用の件", category="cost_split")
        db.session.commit()
        nid = negotiation.id
    client, headers = app.test_client(), bearer(token_for(app, "observer"))
    url = f"{V1}/negotiations/{nid}/items"

    def titles(query: str) -> list[str]:
        return [i["title"] for i in client.get(f"{url}?{query}", headers=headers).json["items"]]

    assert titles("category=operations") == ["運用の件"]
    assert titles("state=proposed") == ["運用の件", "費用の件"]
    assert titles("state=agreed") == []
    assert titles("updated_since=2000-01-01T00:00:00Z") == ["運用の件", "費用の件"]
    assert titles("updated_since=2999-01-01T00:00:00%2B09:00") == []
    for bad in ("state=nope", "category=nope", "updated_since=yesterday"):
        assert client.get(f"{url}?{bad}", headers=headers).status_code == 400


def test_record_a_position_and_its_conflicts(app: Flask, world: World) -> None:
    client, headers = app.test_client(), bearer(token_for(app, "liaison", name="町システム"))
    url = f"{V1}/items/{world.item_id}/members/{world.member_ids[0]}/positions"
    state = item_state(app, world.item_id)
    body = {
        "stance": "conditional",
        "conditions": ["端末を限定する", "ログを残す"],
        "source": "app",
    }
    created = client.post(url, json=body | state, headers=headers)
    assert created.status_code == 201, created.json
    assert [c["text"] for c in created.json["conditions"]] == ["端末を限定する", "ログを残す"]
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "position.record" and entry.actor_name == "liaison (API: 町システム)"
    # An older version of the item: 409 with the current one.
    stale = client.post(url, json=body | state | {"version": state["version"] - 1}, headers=headers)
    assert stale.status_code == 409 and stale.json["version"] == state["version"]
    # A stale revision: 409 with the current one.
    old = body | item_state(app, world.item_id) | {"revision": 0}
    conflict = client.post(url, json=old, headers=headers)
    assert conflict.status_code == 409 and conflict.json["current_revision"] == 1


def test_refusals_are_problems_at_their_fields(app: Flask, world: World) -> None:
    client, headers = app.test_client(), bearer(token_for(app, "liaison"))
    url = f"{V1}/items/{world.item_id}/members/{world.member_ids[0]}/positions"
    state = item_state(app, world.item_id)
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Position))
    objection = client.post(
        url, json={"stance": "object", "source": "app"} | state, headers=headers
    )
    assert objection.status_code == 422
    assert objection.mimetype == "application/problem+json"
    assert objection.json["errors"] == [
        {"field": "reason", "message": "反対の場合は理由を入力してください。"}
    ]
    english = client.post(
        url,
        json={"stance": "object", "source": "app"} | state,
        headers={**headers, "Accept-Language": "en"},
    )
    assert english.headers["Content-Language"] == "en"
    assert "reason" in english.json["errors"][0]["message"].lower()
    missing = client.post(url, json={"source": "app"}, headers=headers)
    assert {e["field"] for e in missing.json["errors"]} >= {"stance", "revision", "version"}
    assert client.post(url, data="stance=agree", headers=headers).status_code == 415
    assert client.post(url, json=["agree"], headers=headers).status_code == 400
    wrong_type = client.post(url, json={"stance": {"a": 1}} | state, headers=headers)
    assert wrong_type.status_code == 422 and wrong_type.json["errors"][0]["field"] == "stance"
    nul = client.post(url, json={"stance": "agree", "statement": "a\x00b"} | state, headers=headers)
    assert nul.status_code == 422 and nul.json["errors"][0]["field"] == "statement"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Position)) == before


def test_create_an_item_and_add_a_revision(app: Flask, world: World) -> None:
    client, headers = app.test_client(), bearer(token_for(app, "facilitator"))
    body = {
        "title": "API の事項",
        "category": "operations",
        "text": "# 本文",
        "proposing_member_id": 0,
    }
    created = client.post(
        f"{V1}/negotiations/{world.negotiation_id}/items", json=body, headers=headers
    )
    assert created.status_code == 201 and created.json["revision"]["text"] == "# 本文"
    url = f"{V1}/items/{created.json['id']}/revisions"
    added = client.post(url, json={"text": "第2版", "base_revision": 1}, headers=headers)
    assert added.status_code == 201 and added.json["current_revision"] == 2
    again = client.post(url, json={"text": "別の第2版", "base_revision": 1}, headers=headers)
    assert again.status_code == 409 and again.json["current_revision"] == 2


def test_no_session_no_cookie_no_cors(app: Flask, world: World) -> None:
    browser = app.test_client()
    login(browser, "facilitator")
    # A logged-in browser is not an API client: no token, no access, whatever its cookie.
    assert browser.get(f"{V1}/councils").status_code == 401
    url = f"{V1}/items/{world.item_id}/revisions"
    assert browser.post(url, json={"text": "x", "base_revision": 1}).status_code == 401
    response = app.test_client().get(
        f"{V1}/councils",
        headers=bearer(token_for(app, "observer"), Origin="https://example.org"),
    )
    assert "Set-Cookie" not in response.headers
    assert not [h for h in response.headers if h[0].lower().startswith("access-control")]


def test_rate_limit_and_body_size(app: Flask, world: World) -> None:
    app.config.update(API_RATE_LIMIT=3, API_MAX_CONTENT_LENGTH=1000)
    client, headers = app.test_client(), bearer(token_for(app, "facilitator"))
    url = f"{V1}/items/{world.item_id}/revisions"
    big = client.post(url, json={"text": "あ" * 2000, "base_revision": 1}, headers=headers)
    assert big.status_code == 413 and big.mimetype == "application/problem+json"
    statuses = [client.get(f"{V1}/councils", headers=headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.get(f"{V1}/councils", headers=headers)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    # Another token has its own count.
    assert (
        client.get(f"{V1}/councils", headers=bearer(token_for(app, "observer"))).status_code == 200
    )


def test_the_document_and_its_page(app: Flask, world: World) -> None:
    client = app.test_client()
    document = client.get(f"{V1}/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert "/api/v1/items/{item_id}/members/{member_id}/positions" in document["paths"]
    body = document["components"]["schemas"]["PositionIn"]
    assert body["properties"]["statement"]["maxLength"] == 10_000
    assert set(body["required"]) >= {"stance", "revision", "version"}
    for path, operations in document["paths"].items():  # path parameters in the path's order
        named = re.findall(r"{([a-z_]+)}", path)
        for operation in operations.values():
            listed = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
            assert listed == named, path
    page = client.get("/api/docs")
    assert page.status_code == 200 and "positions" in page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
