"""First browser tests: log in, see the dashboard, switch language, log out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from negotiator.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def _login(page, username: str) -> None:  # noqa: ANN001
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('ログイン')")


def test_login_dashboard_language_logout(page):
    _login(page, "susaki-liaison")
    expect(page.locator("h1")).to_have_text("ホーム")
    expect(page.get_by_role("link", name="高知県中西部電算協議会", exact=True)).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Home")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="日本語").click()
    expect(page.locator("h1")).to_have_text("ホーム")
    page.get_by_role("button", name="ログアウト").click()
    expect(page.locator("h1")).to_have_text("ログイン")
    page.goto("/")
    assert "/login" in page.url


def test_wrong_password_shows_generic_error(page):
    page.goto("/login")
    page.fill("input[name=username]", "susaki-liaison")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]:has-text('ログイン')")
    expect(page.get_by_role("alert")).to_contain_text(
        "ユーザー名またはパスワードが正しくありません"
    )


def test_consortium_page_renders_japanese_font(page):
    _login(page, "jimukyoku")
    page.get_by_role("link", name="高知県中西部電算協議会", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("高知県中西部電算協議会")
    expect(page.get_by_role("cell", name="四万十町", exact=True).first).to_be_visible()
    # Wait for the condition, not the clock: the font may still be loading (font-display: swap).
    # The FontFace's own status is checked because fonts.check() is also true for unknown families.
    page.wait_for_function(
        """() => [...document.fonts].some(
               f => f.family.replace(/"/g, '') === 'IPAexGothic' && f.status === 'loaded')"""
    )
    assert page.evaluate("document.fonts.check('16px IPAexGothic', '四万十町')")


def test_a_request_to_another_host_fails_and_fails_the_test(page):
    """The guard of every browser test: nothing leaves the machine, and trying is reported."""
    page.goto("about:blank")  # no CSP here, so only the browser's own guard can stop it
    outcome = page.evaluate(
        "fetch('http://example.com/offline-check').then(() => 'reached', () => 'failed')"
    )
    assert outcome == "failed"
    assert page.console_problems == [
        "external request: http://example.com/offline-check",
        # Stopped by the browser's guard (CHROMIUM_ARGS), not by a missing network.
        "Failed to load resource: net::ERR_PROXY_CONNECTION_FAILED",
    ]
    page.console_problems.clear()  # reported as it should be: this test is not itself failing
