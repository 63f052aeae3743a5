"""Hostile JSON to every API write (tests/fuzz's values, as JSON strings, numbers and lists):
never a 5xx; a refusal writes nothing; an accepted write keeps the audit chain whole."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiator.audit.services import verify_chain
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Category
from negotiator.negotiation.rules import Stance
from tests.api.helpers import bearer, token_for
from tests.db_state import db_state as _state
from tests.factories import World
from tests.fuzz import strategies as s
from tests.test_fuzz import _resolve

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
# Written by every API request, refused or not: the rate count and the token's last use.
BOOKKEEPING = {"api_rate", "api_token"}


def _targets(world: World) -> dict[str, tuple[str, dict[str, s.Field]]]:
    i, n, m = world.item_id, world.negotiation_id, world.member_ids[0]
    pool = [world.other_member_id, world.other_consortium_id, *world.member_ids[1:]]

    def read(column: str):  # noqa: ANN202
        return lambda: getattr(db.session.get(AgendaItem, i), column)

    return {
        "position": (
            f"/api/v1/items/{i}/members/{m}/positions",
            {
                "stance": s.choice(*[x.value for x in Stance]),
                "statement": s.optional_text(),
                "conditions": s.optional_text(),
                "reason": s.optional_text(),
                "source": s.choice("app", "email"),
                "revision": s.current(read("current_revision")),
                "version": s.current(read("version")),
            },
        ),
        "item": (
            f"/api/v1/negotiations/{n}/items",
            {
                "title": s.text(),
                "category": s.choice(*[c.value for c in Category]),
                "description": s.optional_text(),
                "text": s.text(),
                "proposing_member_id": s.ids([0, m], pool),
            },
        ),
        "revision": (
            f"/api/v1/items/{i}/revisions",
            {
                "text": s.text(),
                "change_note": s.optional_text(),
                "base_revision": s.current(read("current_revision")),
            },
        ),
    }


def _as_json(value: Any, shape: int) -> Any:
    """A form value as a script might send it: as is, as a number, or in a list."""
    if shape == 1 and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    if shape == 2:
        return [value]
    return value


def test_api_fuzz(app: Flask, world: World) -> None:
    app.config["API_RATE_LIMIT"] = 10**6
    headers = bearer(token_for(app, "facilitator"))
    pool = [world.other_member_id, world.other_consortium_id]
    for name, (url, fields) in _targets(world).items():
        _fuzz(app, headers, name, url, s.form_data(fields, pool))


def _fuzz(app: Flask, headers: dict[str, str], name: str, url: str, bodies: Any) -> None:
    client = app.test_client()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=bodies, shape=st.integers(0, 2))
    def example(data: dict[str, Any], shape: int) -> None:
        body = {k: _as_json(v, shape) for k, v in _resolve(app, data).items()}
        before = _state(app)
        response = client.post(url, json=body, headers=headers)
        assert response.status_code < 500, (name, response.status_code)
        after = _state(app)
        changed = {t for t in after if after[t] != before[t]} - BOOKKEEPING
        if response.status_code >= 400:
            assert response.mimetype == "application/problem+json"
            assert not changed, (name, response.status_code, sorted(changed))
        else:
            assert "audit_entry" in changed, name
            with app.app_context():
                assert verify_chain().ok

    example()
