"""Every API route × every role's token × the world's council and another council's ids.

The API decides as the pages do, through the same can_* rules; another council's object, or one
of a council the user has no role in, does not exist (404). No token: 401.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from negotiator import clock
from negotiator.consortia.models import Consortium
from negotiator.db import db
from tests.api.helpers import bearer, item_state, token_for
from tests.api.matrix_routes import api_routes
from tests.authz import CONSORTIUM_READERS, ROLES
from tests.factories import World, login, make_item, make_negotiation
from tests.meetings.factories import make_meeting, make_round

READ = {"anonymous": "401"} | {r: "ok" if r in CONSORTIUM_READERS else "404" for r in ROLES[1:]}
PROPOSE = READ | {"observer": "403", "signatory": "403"}
SPEAK_FOR_0 = PROPOSE | {"other_liaison": "403"}
# The world's item is the 事務局's: only the facilitator revises it (can_revise).
REVISE = PROPOSE | {"liaison": "403", "other_liaison": "403"}
# A member's own word (a round's answer, the minutes' confirmation): its liaison only.
OWN_WORD = SPEAK_FOR_0 | {"facilitator": "403"}
EXPECTED = {
    "api.position_record": SPEAK_FOR_0,
    "api.round_answer": OWN_WORD,
    "api.minutes_confirm": OWN_WORD,
    "api.item_create": PROPOSE,
    "api.revision_add": REVISE,
    "api.councils": {"anonymous": "401"} | {r: "ok" for r in ROLES[1:]},
    "api.notifications": {"anonymous": "401"} | {r: "ok" for r in ROLES[1:]},
}
OWN = ("api.round_answer", "api.minutes_confirm")
# On the other council's ids the outsider (its facilitator) may do everything; no one else.
OTHER = {"anonymous": "401"} | {r: "404" for r in ROLES[1:]} | {"outsider": "ok"}
OTHER_OWN_WORD = OTHER | {"outsider": "403"}  # the outsider facilitates there; no liaison


def _meeting_and_round(app: Flask, w: World, facilitator: str) -> tuple[int, int]:
    """A held meeting with published minutes, and an open written round on the item."""
    with app.app_context():
        meeting = make_meeting(w.negotiation_id, [w.item_id], held=True).id
        now = clock.now()
        round_id = make_round(w.negotiation_id, [w.item_id], now + dt.timedelta(days=7), now).id
        db.session.commit()
    client = app.test_client()
    login(client, facilitator)
    assert client.post(f"/meetings/{meeting}/publish").status_code == 302
    return meeting, round_id


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
            "api.round_answer": {"stance": "agree", "revision": state["revision"]},
            "api.minutes_confirm": {"answer": "confirm", "revision": 1},
        }.get(endpoint)

    return body


def _outcome(status: int) -> str:
    assert status < 500, status
    return str(status) if status in (401, 403, 404) else "ok"


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(app: Flask, world: World, role: str) -> None:
    other = _other_world(app, world)
    ids = {id(world): _meeting_and_round(app, world, "facilitator")}
    ids[id(other)] = _meeting_and_round(app, other, "outsider")
    headers = {} if role == "anonymous" else bearer(token_for(app, role))
    client = app.test_client()
    failures = []
    cases = (
        (world, lambda ep: EXPECTED.get(ep, READ)),
        (other, lambda ep: OTHER_OWN_WORD if ep in OWN else OTHER),
    )
    for w, expected_of in cases:
        for endpoint, method, url in api_routes(w, *ids[id(w)]):
            expected = expected_of(endpoint)
            if endpoint in ("api.councils", "api.notifications"):  # no council in the URL
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
    ids = _meeting_and_round(app, world, "facilitator")
    headers = bearer(token_for(app, "liaison", scope="read"))
    client = app.test_client()
    for endpoint, method, url in api_routes(world, *ids):
        body = _body(app, endpoint, world, "liaison")()
        response = client.open(url, method=method, json=body, headers=headers)
        assert response.status_code == (403 if method == "POST" else 200), url
