"""Logging in and out, throttling, password changes, CSRF and error pages."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from negotiator.auth.models import PasswordThrottle, User
from negotiator.db import db
from tests.factories import PASSWORD, login

GENERIC = "ユーザー名またはパスワードが正しくありません。"


def test_login_and_dashboard(client, world):
    response = login(client, "liaison")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "高知県中西部電算協議会" in page
    assert "幡多地域情報化協議会" not in page  # only one's own consortia


@pytest.mark.parametrize(
    "username,password",
    [
        ("liaison", "wrong-password-1"),
        ("nobody-here", PASSWORD),
        ("", ""),
    ],
)
def test_wrong_credentials_get_the_same_generic_message(client, world, username, password):
    response = login(client, username, password)
    assert response.status_code in (200, 401)
    page = response.get_data(as_text=True)
    if username:
        assert GENERIC in page
    assert client.get("/").status_code == 302  # still anonymous


def test_ten_failures_lock_the_username(app, client, world):
    for _ in range(10):
        assert GENERIC in login(client, "liaison", "wrong-password-1").get_data(as_text=True)
    # The right password is refused now, with a message that says why.
    page = login(client, "liaison").get_data(as_text=True)
    assert "しばらくログインできません" in page
    assert client.get("/").status_code == 302
    # Another username is unaffected.
    assert login(client, "observer").status_code == 302


def test_lockout_counts_only_recent_failures(app, client, world):
    start = time.time()
    app.config["CLOCK"] = lambda: start
    for _ in range(12):
        login(client, "liaison", "wrong-password-1")
    assert "しばらくログインできません" in login(client, "liaison").get_data(as_text=True)
    app.config["CLOCK"] = lambda: start + 16 * 60  # the 15-minute window has passed
    assert login(client, "liaison").status_code == 302


def test_successful_login_clears_failures(app, client, world):
    for _ in range(3):
        login(client, "liaison", "wrong-password-1")
    login(client, "liaison")
    with app.app_context():
        left = db.session.scalar(sa.select(sa.func.count()).select_from(PasswordThrottle))
        assert left == 0


def test_logout_invalidates_the_session_cookie(app, world):
    client = app.test_client()
    login(client, "liaison")
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/").status_code == 302  # sent to login, not let in


def test_change_password(app, client, world):
    login(client, "liaison")
    weak = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert "10文字以上" in weak.get_data(as_text=True)
    wrong = client.post(
        "/account/password",
        data={
            "current_password": "not-it-at-all",
            "new_password": "new-pass-word-7",
            "confirm": "new-pass-word-7",
        },
    )
    assert "現在のパスワードが正しくありません" in wrong.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "new-pass-word-7",
            "confirm": "new-pass-word-7",
        },
    )
    assert ok.status_code == 302
    assert client.get("/").status_code == 200  # this session survives
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "liaison"))
        assert user.check_password("new-pass-word-7")


def test_login_never_redirects_off_site(client, world):
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "liaison", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_missing_csrf_token_gets_a_friendly_400(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/login", data={"username": "liaison", "password": PASSWORD})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "フォームの有効期限が切れたか" in page
    assert "Traceback" not in page


def test_unknown_url_is_a_404_page_in_the_layout(client, world):
    login(client, "liaison")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "お探しのページは見つかりませんでした" in page
    assert "negotiator" in page and 'class="topbar"' in page


@pytest.mark.own_url_map
def test_unexpected_error_shows_a_page_without_traceback(app, world):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.testing = False

    @app.route("/boom")
    def boom():  # noqa: ANN202
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret internals" not in page and "Traceback" not in page
    assert "変更は保存されていません" in page


def test_idle_session_is_logged_out(app, client, world):
    login(client, "liaison")
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] -= int(app.config["IDLE_TIMEOUT"].total_seconds()) + 5
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/").status_code == 302  # the session is really gone
    page = client.get("/login").get_data(as_text=True)
    assert "しばらく操作がなかったため" in page


def test_secure_cookies_when_configured(app, world):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    response = client.post(
        "/login", data={"username": "liaison", "password": PASSWORD}, base_url="https://localhost"
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
