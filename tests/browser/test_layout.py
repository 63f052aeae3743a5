"""Layout on a phone (390 px wide): the header's words stay whole and the board's towns'
columns are reachable by scrolling the table sideways, never the page (issue 15, item 9)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from negotiator.demo import CONSORTIUM, DEMO_PASSWORD, NEGOTIATION, SECOND_NEGOTIATION

PHONE = {"width": 390, "height": 844}

# The number of lines a text occupies: distinct tops of its line boxes.
LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""
PAGE_SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"
# Scroll the board so that a column starts where the sticky item column ends.
SCROLL_BESIDE_ITEM_COLUMN = """(wrap, column) => {
  const item = wrap.querySelector('th.item-col').getBoundingClientRect();
  wrap.scrollLeft += column.getBoundingClientRect().left - item.right;
}"""


def login(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")


@pytest.mark.parametrize("width", [390, 820])
def test_header_fits_a_phone_and_a_tablet(page, width):  # noqa: ANN001
    page.set_viewport_size({**PHONE, "width": width})
    login(page, "observer")  # the longest user name of the demo
    topbar = page.locator(".topbar")
    for name in ("日本語", "English", "ログアウト"):
        button = topbar.get_by_role("button", name=name)
        assert button.evaluate(LINES) == 1, name
        # One line of text plus the button's padding, not a letter per line.
        line = button.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
        assert button.bounding_box()["height"] < 2 * line, name
    for words in (topbar.locator(".user-name"), topbar.get_by_role("link", name="ホーム")):
        assert words.evaluate(LINES) == 1
    assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS)


def test_board_towns_reachable_on_a_phone(page):  # noqa: ANN001
    page.set_viewport_size(PHONE)
    login(page, "observer")
    page.get_by_role("link", name=SECOND_NEGOTIATION, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SECOND_NEGOTIATION)
    assert CONSORTIUM in page.locator(".crumbs").inner_text()
    wrap = page.locator(".board-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS)

    # Each town's column can be scrolled, inside the table, to stand whole beside the sticky
    # item column, which stays in view; the page itself never moves sideways.
    towns = page.locator("table.board th.member-col")
    assert towns.count() == 3
    for town in towns.all():
        wrap.evaluate(SCROLL_BESIDE_ITEM_COLUMN, town.element_handle())
        assert town.evaluate(LINES) == 1  # 「丙 四万十町」 on one line
        item_col = page.locator("table.board thead th.item-col").bounding_box()
        column, frame = town.bounding_box(), wrap.bounding_box()
        assert item_col["x"] >= frame["x"] - 1
        assert column["x"] >= item_col["x"] + item_col["width"] - 1
        assert column["x"] + column["width"] <= frame["x"] + frame["width"] + 1
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS)


def test_no_page_scrolls_sideways_on_a_phone(page):  # noqa: ANN001
    """The dashboard, a board, each of its items (one has a 負担割合 table in its proposal) and
    a meeting: wide tables scroll inside their wrappers."""
    page.set_viewport_size(PHONE)
    login(page, "jimukyoku")
    assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS)
    page.get_by_role("link", name=NEGOTIATION, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEGOTIATION)
    assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS)
    items = [a.get_attribute("href") for a in page.locator("table.board tbody th.item-col a").all()]
    assert items
    for href in items:
        page.goto(href)
        expect(page.locator("table.positions")).to_be_visible()
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS), href
        names = page.locator("table.positions td.member-name")
        assert all(n.evaluate(LINES) == 1 for n in names.all()), href
    page.goto("/")
    page.get_by_role(
        "link", name=SECOND_NEGOTIATION, exact=True
    ).first.click()  # the one with meetings
    page.get_by_role("link", name="会議・書面協議").click()
    page.locator("main a[href^='/meetings/']").first.click()
    expect(page.locator("#attendance")).to_be_visible()
    assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS)
