"""Every route, every role: who gets in, who gets 403, who is sent to log in.

A new route fails this test until its expected outcome for every role is declared, here for the
core routes or in tests/<domain>/matrix_routes.py (see tests/authz.py).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from negotiator.auth.permissions import LEVELS
from tests.authz import (
    ADMIN_ONLY,
    ANYONE,
    CONSORTIUM,
    FACILITATOR,
    FOR_MEMBER_0,
    LOGGED_IN,
    MEMBER_0_OWN,
    PROPOSERS,
    ROLES,
)
from tests.factories import World, login
from tests.page_structure import outline, problems, shared_titles


def _routes(w: World) -> dict[str, list[tuple[str, str, dict[str, str]]]]:
    """endpoint -> [(method, url, expected outcome per role)]."""
    c, m, n, i = w.consortium_id, w.member_ids[0], w.negotiation_id, w.item_id
    return {
        "auth.login": [("GET", "/login", ANYONE)],
        "auth.logout": [("POST", "/logout", LOGGED_IN)],
        "auth.change_password": [
            ("GET", "/account/password", LOGGED_IN),
            ("POST", "/account/password", LOGGED_IN),
        ],
        "auth.set_language": [("POST", "/language", ANYONE)],
        "auth.extend_session": [("POST", "/session/extend", LOGGED_IN)],
        "about.accessibility": [("GET", "/accessibility", ANYONE)],
        "dashboard.index": [("GET", "/", LOGGED_IN)],
        "consortia.consortium": [("GET", f"/consortia/{c}", CONSORTIUM)],
        "negotiation.overview": [("GET", f"/negotiations/{w.negotiation_id}", CONSORTIUM)],
        "negotiation.board_xlsx": [("GET", f"/negotiations/{n}/board.xlsx", CONSORTIUM)],
        "negotiation.negotiation_new": [
            ("GET", f"/consortia/{c}/negotiations/new", FACILITATOR),
            ("POST", f"/consortia/{c}/negotiations/new", FACILITATOR),
        ],
        "negotiation.item_new": [
            ("GET", f"/negotiations/{n}/items/new", PROPOSERS),
            ("POST", f"/negotiations/{n}/items/new", PROPOSERS),
        ],
        "negotiation.item": [("GET", f"/items/{i}", CONSORTIUM)],
        "negotiation.item_edit": [
            ("GET", f"/items/{i}/edit", FACILITATOR),
            ("POST", f"/items/{i}/edit", FACILITATOR),
        ],
        "negotiation.revise": [
            # The world's item was proposed by the 事務局: only the facilitator revises it.
            ("GET", f"/items/{i}/revise", FACILITATOR),
            ("POST", f"/items/{i}/revise", FACILITATOR),
        ],
        "negotiation.diff": [("GET", f"/items/{i}/diff?a=1&b=1", CONSORTIUM)],
        "negotiation.member_positions": [("GET", f"/items/{i}/members/{m}/positions", CONSORTIUM)],
        "negotiation.revisions": [("GET", f"/items/{i}/revisions", CONSORTIUM)],
        "negotiation.timeline": [("GET", f"/items/{i}/timeline", CONSORTIUM)],
        "negotiation.position_new": [
            ("GET", f"/items/{i}/members/{m}/position", FOR_MEMBER_0),
            ("POST", f"/items/{i}/members/{m}/position", FOR_MEMBER_0),
        ],
        "negotiation.member_notes": [
            ("GET", f"/items/{i}/members/{m}/notes", MEMBER_0_OWN),
            ("POST", f"/items/{i}/members/{m}/notes", MEMBER_0_OWN),
        ],
        "negotiation.condition_clear": [
            ("POST", f"/conditions/{w.condition_id}/clear", FOR_MEMBER_0)
        ],
        "negotiation.move": [("POST", f"/items/{i}/move/discuss", PROPOSERS)],
        "negotiation.discussed": [("POST", f"/items/{i}/discussed", FACILITATOR)],
        "admin.index": [("GET", "/admin/", ADMIN_ONLY)],
        "admin.consortium_new": [
            ("GET", "/admin/consortia/new", ADMIN_ONLY),
            ("POST", "/admin/consortia/new", ADMIN_ONLY),
        ],
        "admin.consortium_edit": [
            ("GET", f"/admin/consortia/{c}", ADMIN_ONLY),
            ("POST", f"/admin/consortia/{c}", ADMIN_ONLY),
        ],
        "admin.member_new": [
            ("GET", f"/admin/consortia/{c}/members/new", ADMIN_ONLY),
            ("POST", f"/admin/consortia/{c}/members/new", ADMIN_ONLY),
        ],
        "admin.member_edit": [
            ("GET", f"/admin/members/{m}", ADMIN_ONLY),
            ("POST", f"/admin/members/{m}", ADMIN_ONLY),
        ],
        "admin.user_new": [
            ("GET", "/admin/users/new", ADMIN_ONLY),
            ("POST", "/admin/users/new", ADMIN_ONLY),
        ],
        "admin.user_edit": [
            ("GET", "/admin/users/1", ADMIN_ONLY),
            ("POST", "/admin/users/1", ADMIN_ONLY),
        ],
        "admin.membership_add": [("POST", "/admin/users/1/memberships", ADMIN_ONLY)],
        "admin.membership_delete": [
            (
                "POST",
                "/admin/memberships/999999/delete",
                {"anonymous": "login"} | {r: "403" for r in ROLES[1:]} | {"admin": "404"},
            )
        ],
    }


def all_routes(app, world) -> dict:  # noqa: ANN001
    """The core routes here plus every tests/<domain>/matrix_routes.py."""
    routes = _routes(world)
    for path in sorted(Path(__file__).resolve().parents[1].glob("*/matrix_routes.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.matrix_routes")
        extra = module.routes(app, world)
        assert not set(extra) & set(routes), f"{path} declares endpoints twice"
        routes |= extra
    return routes


def test_every_route_is_declared(app, world):
    declared = set(all_routes(app, world))
    existing = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert existing - declared == set(), "routes without an authorization expectation"
    assert declared - existing == set(), "expectations for routes that no longer exist"


def test_every_view_declares_its_access_level(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert getattr(view, "access_level", None) in LEVELS, f"{endpoint} declares no access"


def _outcome(response) -> str:  # noqa: ANN001
    if response.status_code == 302 and "/login?next=" in response.headers.get("Location", ""):
        return "login"
    if response.status_code == 401:  # the JSON API asks for its token instead
        return "login"
    if response.status_code in (403, 404):
        return str(response.status_code)
    assert response.status_code < 500, response.status_code
    return "ok"


# Routes after which the role's session no longer holds (logging out ends every session).
ENDS_SESSIONS = {"auth.logout"}


class Signed:
    """A fresh client per request, carrying the role's session: logged in once, not once per
    route (half of the test's requests were logins), and again after a route that ends it."""

    def __init__(self, app, role: str) -> None:  # noqa: ANN001
        self.app, self.role = app, role
        self.cookie_name = app.session_interface.get_cookie_name(app)
        self.cookie: str | None = None

    def client(self):  # noqa: ANN201
        client = self.app.test_client()
        if self.role == "anonymous":
            return client
        if self.cookie is None:
            assert login(client, self.role).status_code == 302
            self.cookie = client.get_cookie(self.cookie_name).value
        else:
            client.set_cookie(self.cookie_name, self.cookie)
        return client

    def ended(self, endpoint: str) -> None:
        if endpoint in ENDS_SESSIONS:
            self.cookie = None


@pytest.mark.parametrize("role", ROLES)
def test_matrix(app, world, role):
    failures, titles = [], {}
    signed = Signed(app, role)
    for endpoint, cases in all_routes(app, world).items():
        for method, url, expected in cases:
            client = signed.client()
            response = client.open(url, method=method, data={})
            signed.ended(endpoint)
            got = _outcome(response)
            if got != expected[role]:
                failures.append(f"{role} {method} {url} ({endpoint}): {got}, want {expected[role]}")
            if response.status_code == 200 and response.mimetype == "text/html":
                # Every page it opens, also checked for ids, h1 and title (issue 16).
                page = outline(response.get_data(as_text=True))
                failures += problems(f"{role} {method} {url}", page)
                if method == "GET" and page.title:
                    titles.setdefault(page.title, set()).add(endpoint)
    failures += shared_titles(titles)
    assert not failures, "\n".join(failures)
