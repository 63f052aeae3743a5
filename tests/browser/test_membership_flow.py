"""Browser: a fourth town joins the demo council, whose agreement is executed, and the 変更協定
for the join goes all the way: the administrator adds the town with its join date, the
facilitator enters its indicators, compares old and new shares and starts the amendment, the
four members agree to the recomputed shares, the draft is rebuilt and sent, each town's liaison
records its 決裁, the four mayors sign (立会人型), and the original shows 「変更あり」."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from negotiator.agreements.signing_date import japan_today
from negotiator.audit.services import acting_as
from negotiator.auth import services as accounts
from negotiator.auth.models import User
from negotiator.consortia import services as consortia
from negotiator.consortia.models import Member, Role
from negotiator.db import db
from negotiator.demo import DEMO_PASSWORD
from negotiator.negotiation.models import AgendaItem

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("NEGOTIATOR_SCREENSHOTS", "")
TOWNS = (  # name, slug, 決裁者
    ("須崎市", "susaki", "副市長"),
    ("中土佐町", "nakatosa", "副町長"),
    ("四万十町", "shimanto", "副町長"),
    ("津野町", "tsuno", "町長"),
)
# The facilitator types the town's figures into the indicator table (row label, value).
FIGURES = (
    ("人口", "5291"),
    ("面積", "197.85"),
    ("システム利用者数", "110"),
    ("支所・出張所数", "1"),
    ("情報担当職員数", "1"),
)


def _shot(page, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _login(page, username: str) -> None:  # noqa: ANN001
    """A fresh session as the user; the password is submitted with the Enter key."""
    page.context.clear_cookies()
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    expect(page.locator("h1")).to_have_text("ホーム")


def _flash(page, text: str) -> None:  # noqa: ANN001
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def _town_users(app) -> None:  # noqa: ANN001
    """The administrator's other step, not under test here: the new town's two users."""
    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
        town = db.session.scalar(sa.select(Member).where(Member.name == "津野町"))
        with acting_as(admin):
            for username, name, role in (
                ("tsuno-liaison", "津野町 情報担当", Role.LIAISON),
                ("tsuno-mayor", "川村 修", Role.SIGNATORY),
            ):
                user = accounts.create_user(username, DEMO_PASSWORD, name, check_policy=False)
                consortia.add_membership(user, town.consortium, role, town)
        db.session.commit()


def _cost_item(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(
            sa.select(AgendaItem.id)
            .where(AgendaItem.category == "cost_split")
            .order_by(AgendaItem.id)
        )


def _admin_adds_the_town(page) -> None:  # noqa: ANN001
    _login(page, "admin")
    page.goto("/admin/")
    page.locator("a", has_text="協議会").first.click()
    page.click("a:has-text('構成団体を追加')")
    page.get_by_label("団体名").fill("津野町")
    page.get_by_label("代表者の職名").fill("津野町長")
    page.get_by_label("代表者の氏名").fill("川村 修")
    page.get_by_label("所在地").fill("高知県高岡郡津野町永野471番地1")
    page.fill("input[name=joined_on]", "2027-04-01")
    page.click("button:has-text('保存')")
    expect(page.locator("#membership-amendment")).to_be_visible()


def _facilitator_starts_the_amendment(page, item_id: int) -> str:  # noqa: ANN001
    """Indicators typed into the table (Enter saves), then old and new shares compared."""
    _login(page, "jimukyoku")
    page.goto(f"/items/{item_id}/costs/indicators")
    for label, value in FIGURES:
        page.get_by_label(f"{label} 津野町", exact=True).fill(value)
    page.get_by_label(f"{FIGURES[-1][0]} 津野町", exact=True).press("Enter")
    _flash(page, "指標を保存しました")
    page.goto("/agreements/1/membership")
    expect(page.locator("h1")).to_have_text("加入・脱退に伴う変更協定")
    table = page.locator(".membership-table").first
    expect(table).to_contain_text("津野町")
    expect(table).to_contain_text("円 減")  # the founding towns pay less
    _shot(page, "membership-compare")
    # The start form's own field (the page's preview form above has a year input too).
    page.get_by_label("負担割合を適用する年度(西暦)").fill("2027")
    page.click("button:has-text('変更協定を始める')")
    expect(page.locator("h1")).to_contain_text("変更協定")
    expect(page.locator("body")).to_contain_text("津野町（以下「丁」という。）")
    expect(page.locator(".amend-annex")).to_contain_text("令和9年度経費の負担額及び負担割合")
    return page.url


def _members_agree(page, item_id: int) -> None:  # noqa: ANN001
    for town, slug, _title in TOWNS:
        _login(page, f"{slug}-liaison")
        page.goto(f"/items/{item_id}")
        page.get_by_role("row").filter(has_text=town).get_by_role("link", name="意見を登録").click()
        page.get_by_label("賛成", exact=True).check()
        page.get_by_label("意見の出所").select_option(label="文書")
        page.get_by_role("button", name="登録する").click()
        _flash(page, f"{town}の意見を登録しました。")
    _login(page, "jimukyoku")
    page.goto(f"/items/{item_id}")
    page.get_by_role("button", name="合意とする").click()
    _flash(page, "状態を変更しました。")


def _rebuild_and_send(page, amendment_url: str) -> None:  # noqa: ANN001
    page.goto(amendment_url)
    page.get_by_role("button", name="再協議した協議事項の合意から草案を作り直す").click()
    _flash(page, "協定書の草案を作成しました。")
    page.get_by_label("締結日", exact=True).fill(japan_today().isoformat())
    page.get_by_role("button", name="保存", exact=True).first.click()
    _flash(page, "保存しました")
    # The demo's figures are examples: the page says so, and they are sent only if chosen.
    expect(page.locator("#illustrative-figures")).to_contain_text("システム利用者数")
    page.get_by_label("例示の数値のまま署名に回す(デモ・研修用)").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="署名に回す").click()
    _flash(page, "内容を固定しました。")
    expect(page.locator("h1")).to_contain_text("署名中")


def _liaisons_record_approvals(page, amendment_url: str) -> None:  # noqa: ANN001
    today = japan_today().isoformat()
    for number, (town, slug, title) in enumerate(TOWNS, start=1):
        _login(page, f"{slug}-liaison")
        page.goto(amendment_url)
        page.get_by_role("link", name="決裁を記録する").click()
        expect(page.locator("h1")).to_have_text(f"{town}の決裁")
        page.get_by_label("起案日", exact=True).fill(today)
        page.get_by_label("決裁日", exact=True).fill(today)
        page.get_by_label("文書番号", exact=True).fill(f"総第{200 + number}号")
        page.get_by_label("決裁者の職", exact=True).fill(title)
        page.get_by_role("button", name="決裁を記録する").click()
        _flash(page, f"{town}の決裁を記録しました")


def _mayors_sign(page, amendment_url: str) -> None:  # noqa: ANN001
    for town, slug, _title in TOWNS:
        _login(page, f"{slug}-mayor")
        page.goto(amendment_url)
        page.get_by_role("link", name="署名する").click()
        expect(page.locator("h1")).to_have_text(f"{town}として署名")
        password = page.get_by_label("パスワード(確認のため再入力)")
        password.fill(DEMO_PASSWORD)
        password.press("Enter")
        _flash(page, f"{town}として署名しました")


def test_a_fourth_town_joins_by_an_amendment_signed_by_all_four(page, live):
    item_id = _cost_item(live.app)
    _admin_adds_the_town(page)
    _town_users(live.app)
    amendment_url = _facilitator_starts_the_amendment(page, item_id)
    _shot(page, "membership-amendment")
    _members_agree(page, item_id)
    _rebuild_and_send(page, amendment_url)
    _liaisons_record_approvals(page, amendment_url)
    _mayors_sign(page, amendment_url)
    expect(page.locator("h1")).to_contain_text("締結済み")
    expect(page.locator("h1")).not_to_contain_text("変更あり")  # that marks the original
    _shot(page, "membership-executed")

    _login(page, "observer")
    page.goto("/agreements/1")
    expect(page.locator("h1")).to_contain_text("変更あり")
    page.get_by_role("link", name="変更協定 第2版").click()
    expect(page.locator("h1")).to_contain_text("変更協定 第2版")
    expect(page.locator("table.execution-status")).not_to_contain_text("未署名")
