"""Browser: the facilitator starts a 変更協定 on the demo's executed agreement; both pages link
to each other, and the consolidated text (溶け込み版) opens from the amendment."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from negotiator.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("NEGOTIATOR_SCREENSHOTS", "")  # a folder: keep screenshots to look at


def _shot(page, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_facilitator_starts_an_amendment(page):
    page.goto("/login")
    page.fill("input[name=username]", "jimukyoku")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('ログイン')")
    expect(page.locator("h1")).to_have_text("ホーム")
    page.goto("/agreements/1")
    expect(page.locator("h1")).to_contain_text("締結済み")
    page.locator("summary", has_text="変更協定を始める").click()
    page.locator("input[name=items]").first.check()
    page.fill("textarea[name=reason]", "負担割合の見直し")
    _shot(page, "amend-start")
    page.click("button:has-text('変更協定の草案を作成')")
    expect(page.locator("h1")).to_contain_text("変更協定")
    expect(page.locator(".amendment-doc, .agreement-doc").first).to_be_visible()
    _shot(page, "amend-draft")
    page.click("a:has-text('変更後の全文(溶け込み版)')")
    expect(page.locator("h1")).to_contain_text("溶け込み版")
    expect(
        page.get_by_text("参考（溶け込み版）：署名された文書ではありません").first
    ).to_be_visible()
    page.click("a:has-text('協定書に戻る')")
    page.locator("a", has_text="第1版").first.click()
    expect(page.locator("body")).to_contain_text("この協定書の変更協定")
    _shot(page, "amend-original")
