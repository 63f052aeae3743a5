"""Every main page works under the Content-Security-Policy: no violation, no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from negotiator.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
PAGES = [
    "/",
    "/consortia/1",
    "/negotiations/1",
    "/negotiations/2",
    "/items/1",
    "/items/6",
    "/items/1/diff?a=1&b=2",
    "/negotiations/2/meetings",
    "/consortia/1/meetings",
    "/meetings/1",
    "/items/3/costs",
    "/agreements/1",
    "/verify",
]


def test_main_pages_have_no_csp_violations(page):
    page.add_init_script(WATCH)
    page.goto("/login")
    page.fill("input[name=username]", "jimukyoku")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('ログイン')")
    expect(page.locator("h1")).to_have_text("ホーム")
    for url in PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], url
