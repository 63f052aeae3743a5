"""The header's search box: type, see the marked results grouped by kind, follow one."""

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


def test_the_header_box_finds_an_item_and_leads_to_it(page):
    _login(page, "shimanto-liaison")
    box = page.get_by_role("search").get_by_role("searchbox", name="検索")
    box.fill("アクセス権")
    box.press("Enter")
    expect(page.locator("h1")).to_have_text("検索")
    items = page.get_by_role("region", name="協議事項")
    expect(items.locator("mark").first).to_have_text("アクセス権")
    expect(page.get_by_role("region", name="議事録")).to_be_visible()
    items.get_by_role("link", name="アクセス権制御ポリシー").first.click()
    expect(page.locator("h1")).to_contain_text("アクセス権制御ポリシー")


def test_a_two_character_word_and_a_refused_query(page):
    _login(page, "observer")
    box = page.get_by_role("searchbox", name="検索")
    box.fill("庁外")
    box.press("Enter")
    expect(page.locator("mark").first).to_have_text("庁外")
    # The results page's own field refuses what the header box's maxlength would cut.
    page.goto("/search?q=" + "あ" * 101)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("100文字以内")
