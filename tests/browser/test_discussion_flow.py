"""Browser test (issue 14): between meetings, 須崎市's liaison asks 四万十町 about its item in a
comment and puts a 修正案; 四万十町's liaison reads it as a diff and accepts it; the item's text
becomes 第2版, credited to 須崎市, and the other members' positions need reconfirming."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_negotiation_flow import flash, login, open_page, position_row  # noqa: F401

pytestmark = pytest.mark.browser

ITEM = "災害時の庁外アクセス"  # the demo's item proposed by 四万十町, 須崎市 賛成, 中土佐町 保留
QUESTION = "私有端末を認める場合、**端末の登録**は必要でしょうか。"
WORDING = "災害対策本部の設置中は、事前に登録した職員の私有端末からの閲覧に限り認める。"


def _item_url(page, live_server: str) -> str:  # noqa: ANN001
    page.goto(f"{live_server}/negotiations/2")
    page.get_by_role("link", name=re.compile(ITEM)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ITEM)
    return page.url


def test_comment_and_suggestion_accepted_by_the_proposer(open_page, live_server):  # noqa: ANN001, F811
    susaki = open_page()
    login(susaki, "susaki-liaison")
    item_url = _item_url(susaki, live_server)
    # Another member's item: no direct revision, a 修正案 instead.
    expect(susaki.get_by_role("link", name="提案文を改訂")).to_have_count(0)

    susaki.get_by_label("コメント").fill(QUESTION)
    susaki.get_by_label("知らせる構成団体").select_option(label="四万十町")
    susaki.get_by_role("button", name="投稿する").click()
    flash(susaki, "コメントを投稿しました。")
    thread = susaki.locator(".thread").filter(has_text="私有端末を認める場合")
    expect(thread).to_contain_text("第1版について")
    expect(thread.locator("strong", has_text="端末の登録")).to_be_visible()

    susaki.get_by_role("link", name="修正案を出す").click()
    susaki.get_by_label("修正後の提案文").fill(WORDING)
    susaki.get_by_label("修正の理由").fill("登録した端末に限れば、漏えいの危険を下げられるため。")
    susaki.get_by_role("button", name="修正案を提出").click()
    flash(susaki, "修正案を提出しました。")
    expect(susaki.locator("table.diff, .table-wrap table").first).to_contain_text("事前に登録した")

    shimanto = open_page()
    login(shimanto, "shimanto-liaison")
    shimanto.goto("/notifications/")
    expect(
        shimanto.get_by_text(re.compile(f"{ITEM}」のコメントで四万十町が名指しされました"))
    ).to_be_visible()
    shimanto.goto(item_url)
    expect(shimanto.locator("#suggestions")).to_contain_text("検討中 1件")
    shimanto.get_by_role("link", name="返信する").first.click()
    shimanto.get_by_label("コメント").fill("登録制で異存ありません。修正案を採用します。")
    shimanto.get_by_role("button", name="投稿する").click()
    flash(shimanto, "コメントを投稿しました。")
    shimanto.goto(item_url)
    shimanto.screenshot(path="/tmp/discussion_item.png", full_page=True)

    shimanto.get_by_role("link", name="須崎市の修正案").click()
    expect(shimanto.get_by_role("heading", level=1)).to_contain_text("須崎市の修正案")
    shimanto.get_by_role("button", name="採用する").click()
    flash(shimanto, "修正案を採用し、提案文を更新しました。")
    expect(shimanto.get_by_role("heading", name=re.compile("提案文 第2版"))).to_be_visible()
    expect(shimanto.locator(".proposal")).to_contain_text("事前に登録した職員")
    expect(shimanto.locator("aside")).to_contain_text("須崎市の修正案による")
    for town in ("須崎市", "中土佐町", "四万十町"):
        expect(position_row(shimanto, town)).to_contain_text("要再確認")
    expect(shimanto.locator(".timeline")).to_contain_text("須崎市の修正案を採用(第2版)")

    # The search box finds the comment, and its result leads to it on the item page.
    box = shimanto.get_by_role("search").get_by_role("searchbox", name="検索")
    box.fill("私有端末を認める")
    box.press("Enter")
    comments = shimanto.get_by_role("region", name="コメント")
    expect(comments.locator("mark").first).to_have_text("私有端末を認める")
    comments.get_by_role("link").first.click()
    expect(shimanto).to_have_url(re.compile(r"/items/\d+#comment-\d+$"))
    expect(shimanto.locator(".thread").first).to_contain_text("私有端末を認める場合")
