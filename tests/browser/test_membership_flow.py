"""Browser: the administrator adds a fourth town to the demo council, whose agreement is
executed; the facilitator compares old and new shares and starts the 変更協定 for the join."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from negotiator.consortia.models import Indicator, Member
from negotiator.db import db
from negotiator.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("NEGOTIATOR_SCREENSHOTS", "")


def _shot(page, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _login(page, username: str) -> None:  # noqa: ANN001
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('ログイン')")
    expect(page.locator("h1")).to_have_text("ホーム")


def test_a_fourth_town_joins_and_the_facilitator_starts_the_amendment(page, live):
    _login(page, "admin")
    page.goto("/admin/")
    page.locator("a", has_text="協議会").first.click()
    page.click("a:has-text('構成団体を追加')")
    page.fill("input[name=name]", "津野町")
    page.fill("input[name=representative_title]", "津野町長")
    page.fill("input[name=joined_on]", "2027-04-01")
    page.click("button:has-text('保存')")
    expect(page.locator("#membership-amendment")).to_be_visible()
    with live.app.app_context():
        town = db.session.scalar(sa.select(Member).where(Member.name == "津野町"))
        for member in db.session.scalars(
            sa.select(Member).where(Member.consortium_id == town.consortium_id)
        ):
            for indicator in member.indicators:
                if indicator.member_id != town.id and not any(
                    i.key == indicator.key for i in town.indicators
                ):
                    # Published figures for population and area; others marked as examples.
                    value = {"population": Decimal(5270), "area": Decimal("197.85")}
                    town.indicators.append(
                        Indicator(
                            key=indicator.key,
                            label=indicator.label,
                            value=value.get(indicator.key, indicator.value),
                            unit=indicator.unit,
                            reference_date=indicator.reference_date,
                            source=indicator.source,
                            illustrative=indicator.key not in value,
                        )
                    )
        db.session.commit()
    page.context.clear_cookies()
    _login(page, "jimukyoku")
    page.goto("/agreements/1/membership")
    expect(page.locator("h1")).to_have_text("加入・脱退に伴う変更協定")
    expect(page.locator(".membership-table").first).to_contain_text("津野町")
    _shot(page, "membership-compare")
    page.fill("input[name=fiscal_year]", "2027")
    page.click("button:has-text('変更協定を始める')")
    expect(page.locator("h1")).to_contain_text("変更協定")
    expect(page.locator("body")).to_contain_text("津野町（以下「丁」という。）")
    _shot(page, "membership-amendment")
