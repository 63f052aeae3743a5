"""Sessions an attacker cannot end or prolong (issue 11, items 8 and 9): a refused cross-site
post leaves the session cookie alone, on every POST route; the login response's own cookie
goes idle like any other. Time is moved through the app's clock setting, never slept."""

from __future__ import annotations

import time

import pytest
from flask import Flask

from tests.factories import login

CSRF_PAGE = "フォームの有効期限が切れたか"


def _post_routes(app: Flask) -> list[str]:
    """Every POST URL of the app, with 1 for each id and the first choice of each `any(…)`
    part (the CSRF check comes before the view)."""
    urls = app.url_map.bind("localhost")
    return sorted(
        urls.build(rule.endpoint, {name: _sample(rule, name) for name in rule.arguments})
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ())
    )


def _sample(rule, name: str) -> object:  # noqa: ANN001
    choices = getattr(rule._converters[name], "items", None)
    return sorted(choices)[0] if choices else 1


def test_a_refused_cross_site_post_sets_no_cookie_on_any_route(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    routes = _post_routes(app)
    assert "/logout" in routes and len(routes) > 20
    for url in routes:
        # A form on another site: SameSite=Lax keeps the session cookie out of the request.
        response = app.test_client().post(url, data={"x": "1"})
        assert "Set-Cookie" not in response.headers, url
        if url.startswith("/api/"):
            # The API reads no cookie, so it needs no CSRF token: without a token it is 401.
            assert response.status_code == 401, url
            assert response.mimetype == "application/problem+json", url
            continue
        assert response.status_code == 400, url
        assert CSRF_PAGE in response.get_data(as_text=True), url


def test_a_refused_post_leaves_a_logged_in_session_alone(app, world):
    client = app.test_client()
    login(client, "liaison")  # CSRF is off in tests, so log in first, then turn it on
    app.config["WTF_CSRF_ENABLED"] = True
    before = client.get_cookie("session").value
    response = client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session").value == before
    assert client.get("/").status_code == 200  # still logged in


@pytest.mark.parametrize("idle_minutes,still_in", [(29, True), (31.8, False)])
def test_the_login_cookie_goes_idle(app, world, idle_minutes, still_in):
    start = time.time()
    app.config["CLOCK"] = lambda: start
    client = app.test_client()
    assert login(client, "liaison").status_code == 302
    # Replay the cookie the login response set, with no request in between.
    app.config["CLOCK"] = lambda: start + idle_minutes * 60
    response = client.get("/")
    if still_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_request_that_changes_nothing_sends_no_cookie(app, world):
    """An overlapping request (a live preview) must not send back the session as it read it:
    here the cookie that still holds a flash, replayed after the flash was shown, changes
    nothing, and the flash is not shown again."""
    start = time.time()
    app.config["CLOCK"] = lambda: start
    client = app.test_client()
    login(client, "facilitator")
    client.get("/")  # the first page with a form adds the CSRF token to the session
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "保存しました。")]
    holding_flash = client.get_cookie("session").value
    assert "保存しました。" in client.get("/").get_data(as_text=True)
    shown = client.get_cookie("session").value
    client.set_cookie("session", holding_flash)
    # A download (or a live preview) answered after the page that showed the flash.
    late = client.get(f"/consortia/{world.consortium_id}/meetings.ics")
    assert late.status_code == 200 and "Set-Cookie" not in late.headers
    client.set_cookie("session", shown)
    assert "保存しました。" not in client.get("/").get_data(as_text=True)
    # The idle mark still moves on, once a minute.
    app.config["CLOCK"] = lambda: start + 61
    assert "Set-Cookie" in client.get("/").headers
