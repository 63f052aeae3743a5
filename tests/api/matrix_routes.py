"""Token pages and the API for the cookie matrix (tests/auth/test_authorization_matrix.py).

A logged-in browser session opens no API route: every one asks for a token (401, "login"),
whoever the session's user is. tests/api/test_api_matrix.py runs the API with each role's token.
"""

from __future__ import annotations

from flask import Flask

from tests.api.helpers import token_for
from tests.authz import ADMIN_ONLY, ANYONE, LOGGED_IN, ROLES
from tests.factories import World

TOKEN_ONLY = {role: "login" for role in ROLES}
OWNER_OR_ADMIN = {"anonymous": "login"} | {r: "403" for r in ROLES[1:]}
OWNER_OR_ADMIN |= {"liaison": "ok", "admin": "ok"}


def api_routes(world: World, meeting: int = 1, rounds: int = 1) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every API route, on the world's own council's ids (a meeting
    and a written round of it where the caller has made them)."""
    c, n, i, m = world.consortium_id, world.negotiation_id, world.item_id, world.member_ids[0]
    return [
        ("api.councils", "GET", "/api/v1/councils"),
        ("api.notifications", "GET", "/api/v1/notifications"),
        ("api.council", "GET", f"/api/v1/councils/{c}"),
        ("api.members", "GET", f"/api/v1/councils/{c}/members"),
        ("api.negotiations", "GET", f"/api/v1/councils/{c}/negotiations"),
        ("api.negotiation", "GET", f"/api/v1/negotiations/{n}"),
        ("api.items", "GET", f"/api/v1/negotiations/{n}/items"),
        ("api.item", "GET", f"/api/v1/items/{i}"),
        ("api.positions", "GET", f"/api/v1/items/{i}/positions"),
        ("api.position_record", "POST", f"/api/v1/items/{i}/members/{m}/positions"),
        ("api.item_create", "POST", f"/api/v1/negotiations/{n}/items"),
        ("api.revision_add", "POST", f"/api/v1/items/{i}/revisions"),
        ("api.meetings", "GET", f"/api/v1/councils/{c}/meetings"),
        ("api.meeting", "GET", f"/api/v1/meetings/{meeting}"),
        ("api.rounds", "GET", f"/api/v1/negotiations/{n}/rounds"),
        ("api.cost_candidates", "GET", f"/api/v1/items/{i}/cost-candidates"),
        ("api.agreements", "GET", f"/api/v1/negotiations/{n}/agreements"),
        (
            "api.round_answer",
            "POST",
            f"/api/v1/rounds/{rounds}/items/{i}/members/{m}/answers",
        ),
        (
            "api.minutes_confirm",
            "POST",
            f"/api/v1/meetings/{meeting}/members/{m}/confirmations",
        ),
    ]


def routes(app: Flask, world: World) -> dict:
    token_url = f"/tokens/{_token_id(app)}/revoke"
    found: dict[str, list] = {
        "auth.tokens_page": [
            ("GET", "/account/tokens", LOGGED_IN),
            ("POST", "/account/tokens", LOGGED_IN),
        ],
        "auth.token_revoke": [("POST", token_url, OWNER_OR_ADMIN)],
        "auth.tokens_admin": [("GET", "/admin/tokens", ADMIN_ONLY)],
        "api_docs.docs": [("GET", "/api/docs", ANYONE)],
        "api.openapi": [("GET", "/api/v1/openapi.json", ANYONE)],
    }
    for endpoint, method, url in api_routes(world):
        found.setdefault(endpoint, []).append((method, url, TOKEN_ONLY))
    return found


def _token_id(app: Flask) -> int:
    """The liaison's token (made once per app: the matrix asks for the routes more than once)."""
    import sqlalchemy as sa

    from negotiator.auth.tokens import ApiToken
    from negotiator.db import db

    with app.app_context():
        existing = db.session.scalar(sa.select(ApiToken.id).order_by(ApiToken.id))
    if existing is None:
        token_for(app, "liaison")
        return _token_id(app)
    return existing
