"""Every API route × every role's token × the world's council and another council's ids.

The API decides as the pages do, through the same can_* rules; another council's object, or one
of a council the user has no role in, does not exist (404). No token: 401.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from negotiator.consortia.models import Consortium
from negotiator.db import db
from tests.api.helpers import bearer, item_state, token_for
from tests.api.matrix_routes import api_routes
from tests.authz import CONSORTIUM_READERS, ROLES
from tests.factories import World, make_item, make_negotiation

READ = {"anonymous": "401"} | {r: "ok" if r in CONSORTIUM_READERS else "404" for r in ROLES[1:]}
PROPOSE = READ | {"observer": "403", "signatory": "403"}
SPEAK_FOR_0 = PROPOSE | {"other_liaison": "403"}
EXPECTED = {
    "api.position_record": SPEAK_FOR_0,
    "api.item_create": PROPOSE,
    "api.revision_add": PROPOSE,
    "api.councils": {"anonymous": "401"} | {r: "ok" for r in ROLES[1:]},
}
# On the other council's ids the outsider (its facilitator) may do everything; no one else.
OTHER = {"anonymous": "401"} | {r: "404" for r in ROLES[1:]} | {"outsider": "ok"}


def _other_world(app: Flask, world: World) -> World:
    """The same shape in the other council: its negotiation, item and member."""
    with app.app_context():
        council = db.session.get(Consortium, world.other_consortium_id)
        negotiation = make_negotiation(council, "他協議会の案件")
        item = make_item(negotiation, "他協議会の事項")
        db.session.commit()
        return World(
            council.id, world.consortium_id, [world.other_member_id], 0, negotiation.id, item.id, 0
        )


def _body(app: Flask, endpoint: str, w: World, role: str) -> Callable[[], dict[str, Any] | None]:
    """The valid JSON for a write, read at the moment it is sent."""
    proposer = {"liaison": w.member_ids[0], "other_liaison": w.member_ids[-1]}.get(role, 0)

    def body() -> dict[str, Any] | None:
        state = item_state(app, w.item_id)
        return {
            "api.position_record": {"stance": "agree", "source": "app", **state},
            "api.item_create": {
                "title": "API から提案",
                "category": "other",
                "text": "本文",
                "proposing_member_id": proposer,
            },
            "api.revision_add": {"text": "API から第2版", "base_revision": state["revision"]},
        }.get(endpoint)

    return body


def _outcome(status: int) -> str:
    assert status < 500, status
    return str(status) if status in (401, 403, 404) else "ok"


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(app: Flask, world: World, role: str) -> None:
    other = _other_world(app, world)
    headers = {} if role == "anonymous" else bearer(token_for(app, role))
    client = app.test_client()
    failures = []
    for w, expected_of in ((world, lambda ep: EXPECTED.get(ep, READ)), (other, lambda _ep: OTHER)):
        for endpoint, method, url in api_routes(w):
            expected = expected_of(endpoint)
            if endpoint == "api.councils":
                expected = EXPECTED["api.councils"]
            response = client.open(
                url, method=method, json=_body(app, endpoint, w, role)(), headers=headers
            )
            got = _outcome(response.status_code)
            if got != expected[role]:
                detail = response.get_data(as_text=True)[:300]
                failures.append(f"{role} {method} {url}: {got}, want {expected[role]} {detail}")
            if response.status_code >= 400:
                assert response.mimetype == "application/problem+json", url
    assert not failures, "\n".join(failures)


def test_a_read_token_writes_nothing(app: Flask, world: World) -> None:
    headers = bearer(token_for(app, "facilitator", scope="read"))
    client = app.test_client()
    for endpoint, method, url in api_routes(world):
        body = _body(app, endpoint, world, "facilitator")()
        response = client.open(url, method=method, json=body, headers=headers)
        assert response.status_code == (403 if method == "POST" else 200), url
