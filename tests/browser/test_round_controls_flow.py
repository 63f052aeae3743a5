"""Browser test (issue 12): the facilitator extends and then cancels the demo's written round
with the keyboard only; the page offers the moves from the round's state table."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from negotiator.db import db
from negotiator.meetings.models import WrittenRound
from tests.browser.test_meetings_flow import flash, login

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("NEGOTIATOR_SHOTS", "/tmp"))


def _tab_to(page: Page, text: str, limit: int = 80) -> None:
    """Press Tab until the focused element reads `text`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")


def test_facilitator_extends_and_cancels_a_round_with_the_keyboard(page, live):  # noqa: ANN001
    with live.app.app_context():
        round_id = db.session.scalars(sa.select(WrittenRound.id)).one()
    login(page, "jimukyoku")
    page.goto(f"/rounds/{round_id}")
    expect(page.get_by_role("heading", name="事務局の操作")).to_be_visible()
    page.screenshot(path=SHOTS / "round-open.png", full_page=True)

    _tab_to(page, "期限を延長する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("期限を延長する")
    deadline = page.get_by_label("新しい回答期限(日本時間)")
    deadline.fill("2026-01-05T10:00")  # earlier than now and than the deadline
    deadline.press("Enter")
    expect(page.locator("#deadline-error")).to_contain_text("現在の期限と現在時刻より後")
    expect(deadline).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=SHOTS / "round-extend-error.png", full_page=True)
    page.get_by_label("新しい回答期限(日本時間)").fill("2099-03-31T17:00")
    page.get_by_label("新しい回答期限(日本時間)").press("Enter")
    flash(page, "回答期限を延長しました。")
    expect(page.locator(".meeting-meta")).to_contain_text("2099年03月31日 17:00")

    _tab_to(page, "中止する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("中止する")
    _tab_to(page, "中止する")  # the submit button: an empty reason is refused
    page.keyboard.press("Enter")
    expect(page.locator("#reason-error")).to_contain_text("中止の理由を入力してください")
    expect(page.get_by_label("中止の理由")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("中止の理由").focus()
    page.keyboard.type("第2回会議で直接協議するため")
    _tab_to(page, "中止する")
    page.keyboard.press("Enter")
    flash(page, "書面協議を中止しました。")
    expect(page.get_by_role("heading", level=1)).to_contain_text("中止")
    expect(page.get_by_text("第2回会議で直接協議するため")).to_be_visible()
    expect(page.get_by_role("heading", name="事務局の操作")).to_have_count(0)
    page.screenshot(path=SHOTS / "round-cancelled.png", full_page=True)

    page.get_by_role("button", name="ログアウト").click()
    login(page, "susaki-liaison")
    expect(page.get_by_text("書面協議に回答")).to_have_count(0)
