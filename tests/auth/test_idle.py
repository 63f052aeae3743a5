"""The idle-timeout warning's data and the request that extends the session (WCAG 2.2.1)."""

from __future__ import annotations

import re

from tests.factories import login


def _remaining(page: str) -> int:
    return int(re.search(r'data-remaining="(\d+)"', page).group(1))


def test_the_page_knows_when_the_session_ends_and_the_button_extends_it(app, client, world):
    login(client, "liaison")
    limit = int(app.config["IDLE_TIMEOUT"].total_seconds())
    with client.session_transaction() as session:
        # Idle for 50 s: a request marks the session seen only once a minute (negotiator.web).
        session["seen"] -= 50
    page = client.get("/notifications/").get_data(as_text=True)
    assert limit - 55 <= _remaining(page) <= limit - 50
    assert 'data-warning="120"' in page and 'name="csrf-token"' in page
    extended = client.post("/session/extend")
    assert extended.status_code == 200 and extended.json["remaining"] >= limit - 1
    assert _remaining(client.get("/notifications/").get_data(as_text=True)) >= limit - 1


def test_extending_needs_the_csrf_token_and_a_live_session(app, client, world):
    login(client, "liaison")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/session/extend").status_code == 400
    page = client.get("/notifications/").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    assert client.post("/session/extend", headers={"X-CSRFToken": token}).status_code == 200
    with client.session_transaction() as session:
        session["seen"] -= int(app.config["IDLE_TIMEOUT"].total_seconds()) + 5
    expired = client.post("/session/extend", headers={"X-CSRFToken": token})
    assert expired.status_code == 302 and "/login" in expired.headers["Location"]


def test_a_timeout_shorter_than_the_warning_is_warned_of_at_once(app, client, world):
    import datetime as dt

    app.config["IDLE_TIMEOUT"] = dt.timedelta(seconds=60)
    login(client, "liaison")
    assert 'data-warning="60"' in client.get("/").get_data(as_text=True)


def test_the_accessibility_statement_is_linked_from_every_page(client, world):
    login_page = client.get("/login").get_data(as_text=True)
    assert 'href="/accessibility"' in login_page
    statement = client.get("/accessibility").get_data(as_text=True)
    assert "JIS X 8341-3:2016" in statement and "axe-core" in statement
