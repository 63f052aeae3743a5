"""Schemathesis against the served OpenAPI document, with a token per role: no 5xx, and every
answer (status, content type, headers, body) as the document says."""

from __future__ import annotations

import os

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from tests.api.helpers import token_for
from tests.api.test_api_matrix import _meeting_and_round
from tests.factories import World

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
ROLES = ("observer", "liaison", "facilitator", "outsider")


def _own_ids(app: Flask, world: World) -> dict[str, int]:
    """Ids that exist, so that examples reach past the 404 as well as being refused by it."""
    meeting, round_id = _meeting_and_round(app, world, "facilitator")
    return {
        "meeting_id": meeting,
        "round_id": round_id,
        "council_id": world.consortium_id,
        "negotiation_id": world.negotiation_id,
        "item_id": world.item_id,
        "member_id": world.member_ids[0],
    }


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("role", ROLES)
def test_schemathesis(app: Flask, world: World, role: str) -> None:
    app.config["API_RATE_LIMIT"] = 10_000
    headers = {"Authorization": f"Bearer {token_for(app, role)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    own = _own_ids(app, world)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), real=st.booleans())
        def run(case, real: bool) -> None:  # noqa: ANN001
            if real and case.path_parameters:
                case.path_parameters = {k: own[k] for k in case.path_parameters}
            # Not "schema-valid data is accepted": the document states types and bounds, while
            # the rules (a reason for an objection, a cursor from a previous answer) refuse
            # some well-typed requests with 400/422, as documented.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation is tried; all reported
            failures.append(f"--- {operation.label}\n{str(exc)[:1500]}")
    assert not failures, "\n".join(failures)
