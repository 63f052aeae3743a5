"""Browser (issue 16): keyboard-only journeys — record a position, confirm minutes, sign — with
the focus visible at every stop; a failed form puts focus on its error summary; the idle-timeout
warning appears before the timeout and its button extends the session."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.demo import CONSORTIUM, DEMO_PASSWORD
from negotiator.meetings import minutes, queries
from negotiator.negotiation.workflow import Actor
from tests.browser.test_agreement_flow import _agreement_out_for_signature
from tests.factories import make_item, make_negotiation
from tests.meetings.factories import make_meeting

pytestmark = pytest.mark.browser

# What has focus, and whether it shows: an outline or the two-tone ring (box-shadow).
FOCUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const text = (e.getAttribute('aria-label') || e.innerText || e.value || '').trim();
  return {tag: e.tagName, text: text.slice(0, 60), id: e.id, type: e.type || '',
          visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                   || s.boxShadow !== 'none'};
}"""


def _setup(app) -> tuple[int, int, int]:  # noqa: ANN001
    """An item open for positions, a held meeting whose minutes await confirmation, and an
    agreement out for signature (the council's 決裁 step off: signing is the journey here)."""
    with app.app_context():
        council = db.session.scalar(sa.select(Consortium).where(Consortium.name == CONSORTIUM))
        council.approval_required = False
        facilitator = db.session.scalar(sa.select(User).where(User.username == "jimukyoku"))
        with acting_as(facilitator):
            negotiation = make_negotiation(council, "キーボード操作の確認")
            item = make_item(negotiation, "端末の持ち出し")
            meeting = make_meeting(negotiation.id, [item.id], held=True)
            view = queries.meeting_view(meeting, Actor(is_facilitator=True))
            minutes.publish(meeting, queries.minutes_content(view), "", facilitator)
        db.session.commit()
        ids = item.id, meeting.id
    return (*ids, _agreement_out_for_signature(app))


def _stop(page: Page) -> dict:
    focus = page.evaluate(FOCUS)
    assert focus["visible"], f"focus not visible: {focus}"
    return focus


def _tab_to(page: Page, target: str, limit: int = 150) -> dict:
    """Tab until the focused element's id is `target` or its text starts with it, checking
    that the focus shows at every stop on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = _stop(page)
        if focus["id"] == target or (focus["text"] and focus["text"].startswith(target)):
            return focus
    raise AssertionError(f"{target!r} not reached by Tab")


def _login(page: Page, username: str) -> None:
    page.goto("/login")
    _tab_to(page, "username")
    page.keyboard.type(username)
    _tab_to(page, "password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")


def test_keyboard_journeys(browser, live) -> None:  # noqa: ANN001
    item_id, meeting_id, agreement_id = _setup(live.app)
    contexts = []

    def new_page() -> Page:
        context = browser.new_context(base_url=live.url, locale="ja-JP")
        contexts.append(context)
        return context.new_page()

    try:
        liaison = new_page()
        _login(liaison, "susaki-liaison")
        _record_position(liaison, item_id, live.app)
        _confirm_minutes(liaison, meeting_id)
        mayor = new_page()
        _login(mayor, "susaki-mayor")
        _sign(mayor, agreement_id)
    finally:
        for context in contexts:
            context.close()


def _record_position(page: Page, item_id: int, app) -> None:  # noqa: ANN001
    page.goto(f"/items/{item_id}")
    _tab_to(page, "意見を登録")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("須崎市の意見")
    # Sent without a stance: focus lands on the error summary, its link leads to the group.
    _tab_to(page, "登録する")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^入力エラー: 意見の登録 — 須崎市 — "))
    focus = _stop(page)
    assert "error-summary" in page.evaluate("document.activeElement.className"), focus
    page.keyboard.press("Tab")
    assert _stop(page)["text"].startswith("意見: 意見を選んでください")
    page.keyboard.press("Enter")
    assert _stop(page)["id"] == "stance-0"
    page.keyboard.press("Space")  # 賛成
    page.keyboard.press("Tab")
    page.keyboard.type("キーボードだけで登録しました。")
    # The session times out before the text is sent: after logging in again, it is back.
    app.config["IDLE_TIMEOUT"] = dt.timedelta(seconds=-1)
    _tab_to(page, "登録する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")
    app.config["IDLE_TIMEOUT"] = dt.timedelta(minutes=30)
    _tab_to(page, "username")
    page.keyboard.type("susaki-liaison")
    _tab_to(page, "password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="一時保存から戻しました")).to_be_visible()
    expect(page.get_by_label("意見の内容")).to_have_value("キーボードだけで登録しました。")
    _tab_to(page, "stance-0")
    page.keyboard.press("Space")
    _tab_to(page, "登録する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("登録しました")
    drafts = "Object.keys(localStorage).filter(k => k.startsWith('negotiator.draft'))"
    assert page.evaluate(drafts) == []  # accepted: the draft is gone


def _confirm_minutes(page: Page, meeting_id: int) -> None:
    page.goto(f"/meetings/{meeting_id}")
    _tab_to(page, "確認する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("議事録を確認")
    _tab_to(page, "answer-0")  # 確認した
    page.keyboard.press("Space")
    _tab_to(page, "回答する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_be_visible()


def _sign(page: Page, agreement_id: int) -> None:
    page.goto(f"/agreements/{agreement_id}")
    _tab_to(page, "署名する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("として署名")
    _tab_to(page, "password")
    page.keyboard.type(DEMO_PASSWORD)
    _tab_to(page, "この内容で署名する")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("として署名しました")


def test_idle_warning_and_extension(page: Page, live) -> None:  # noqa: ANN001
    """A 100 s timeout with the warning 97 s before: shown about 2 s after the page loads."""
    live.app.config["IDLE_TIMEOUT"] = dt.timedelta(seconds=100)
    live.app.config["IDLE_WARNING"] = dt.timedelta(seconds=97)
    _login(page, "susaki-liaison")
    page.goto("/notifications/")
    warning = page.get_by_role("alertdialog", name="まもなく自動的にログアウトされます")
    expect(warning).to_be_visible()
    button = warning.get_by_role("button", name="ログインを延長する")
    expect(button).to_be_focused()
    with page.expect_response("**/session/extend") as extended:
        page.keyboard.press("Enter")
    assert extended.value.ok and extended.value.json()["remaining"] == 100
    expect(warning).to_be_hidden()
