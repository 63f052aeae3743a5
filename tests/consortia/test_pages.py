"""Consortium pages: visibility, constant query counts, no external references, headers."""

from __future__ import annotations

import re

from negotiator.db import db
from tests.factories import grant, login, make_member, make_user
from tests.helpers import assert_constant_queries

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_consortium_page_queries_do_not_grow_with_members(app, world):
    client = app.test_client()
    login(client, "facilitator")
    url = f"/consortia/{world.consortium_id}"

    def grow() -> None:
        from negotiator.consortia.models import Consortium, Role

        with app.app_context():
            council = db.session.get(Consortium, world.consortium_id)
            for i in range(9):
                member = make_member(council, f"町{i}")
                grant(make_user(f"liaison{i}"), council, Role.LIAISON, member)
            db.session.commit()

    def render() -> None:
        assert client.get(url).status_code == 200

    assert_constant_queries(app, render, grow)


def test_pages_refer_to_no_external_host_and_send_csp(app, world):
    client = app.test_client()
    login(client, "facilitator")
    for url in ("/", f"/consortia/{world.consortium_id}", "/login", "/account/password"):
        response = client.get(url)
        assert not EXTERNAL.search(response.get_data(as_text=True)), url
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_or_event_handlers(app, world):
    client = app.test_client()
    login(client, "admin")
    for url in ("/", "/admin/", "/admin/users/new", f"/admin/consortia/{world.consortium_id}"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page), url
        assert not re.search(r"\son[a-z]+\s*=", page), url


def test_session_cookie_flags(app, world):
    client = app.test_client()
    response = login(client, "liaison")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
