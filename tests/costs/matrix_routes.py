"""Cost-split routes for the authorization matrix (tests/auth/test_authorization_matrix.py)."""

from __future__ import annotations

from flask import Flask

from tests.authz import CONSORTIUM, FACILITATOR, PROPOSERS
from tests.costs.factories import build_costs, propose_first
from tests.factories import World


def routes(app: Flask, world: World) -> dict:
    cw = build_costs(app, world)
    table_id = propose_first(app, cw)
    i, cat = cw.item_id, cw.category_id
    cand = cw.candidate_ids["人口割"]
    return {
        "costs.workspace": [("GET", f"/items/{i}/costs", CONSORTIUM)],
        "costs.category_new": [
            ("GET", f"/items/{i}/costs/categories/new", FACILITATOR),
            ("POST", f"/items/{i}/costs/categories/new", FACILITATOR),
        ],
        "costs.category_edit": [
            ("GET", f"/cost-categories/{cat}/edit", FACILITATOR),
            ("POST", f"/cost-categories/{cat}/edit", FACILITATOR),
        ],
        "costs.quotes": [
            ("GET", f"/cost-categories/{cat}/quotes", FACILITATOR),
            ("POST", f"/cost-categories/{cat}/quotes", FACILITATOR),
        ],
        "costs.indicators": [
            ("GET", f"/items/{i}/costs/indicators", FACILITATOR),
            ("POST", f"/items/{i}/costs/indicators", FACILITATOR),
        ],
        "costs.indicators_import": [("POST", f"/items/{i}/costs/indicators/import", FACILITATOR)],
        "costs.candidate_new": [
            ("GET", f"/items/{i}/costs/candidates/new?method=mix", PROPOSERS),
            ("POST", f"/items/{i}/costs/candidates/new", PROPOSERS),
        ],
        "costs.candidate_edit": [
            ("GET", f"/cost-candidates/{cand}/edit", FACILITATOR),
            ("POST", f"/cost-candidates/{cand}/edit", FACILITATOR),
        ],
        "costs.preview": [("GET", f"/items/{i}/costs/preview?method=equal", CONSORTIUM)],
        "costs.propose": [("POST", f"/cost-candidates/{cand}/propose", FACILITATOR)],
        "costs.frozen": [("GET", f"/cost-tables/{table_id}", CONSORTIUM)],
        "costs.frozen_export": [("GET", f"/cost-tables/{table_id}/export.xlsx", CONSORTIUM)],
        "costs.comparison_export": [("GET", f"/items/{i}/costs/comparison.xlsx", CONSORTIUM)],
        # Last: tests run without CSRF, so an empty POST really deletes.
        "costs.category_delete": [("POST", f"/cost-categories/{cat}/delete", FACILITATOR)],
        "costs.candidate_delete": [("POST", f"/cost-candidates/{cand}/delete", FACILITATOR)],
    }
