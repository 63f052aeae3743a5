"""Browser: reopening an item of an agreement out for signature goes through a confirmation page
that names the agreement and the signatures it discards, usable by keyboard alone."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from negotiator.agreements import approvals, signing
from negotiator.agreements.models import Agreement
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.demo import DEMO_PASSWORD
from negotiator.negotiation.models import AgendaItem
from tests.browser.test_agreement_flow import _agreement_out_for_signature, _login

pytestmark = pytest.mark.browser


def _signed_by_susaki(app, agreement_id: int) -> int:  # noqa: ANN001
    """須崎市 records its 決裁 (the demo council requires it) and its mayor signs; returns the id
    of the agreement's item."""
    with app.app_context():
        agreement = db.session.get(Agreement, agreement_id)
        mayor = db.session.scalar(sa.select(User).where(User.username == "susaki-mayor"))
        liaison = db.session.scalar(sa.select(User).where(User.username == "susaki-liaison"))
        susaki = db.session.scalar(sa.select(Member).where(Member.name == "須崎市"))
        data = {"status": "not_required", "note": ""}
        approvals.record_approval(agreement, susaki, liaison, data, 0, agreement.content_hash)
        signing.sign(agreement, susaki, mayor, DEMO_PASSWORD, agreement.content_hash)
        db.session.commit()
        return next(a.item_id for a in agreement.articles if a.item_id)


def test_reopen_asks_for_confirmation_by_keyboard(page, live):
    agreement_id = _agreement_out_for_signature(live.app)
    item_id = _signed_by_susaki(live.app, agreement_id)
    _login(page, "jimukyoku")
    page.goto(f"/items/{item_id}")
    expect(page.get_by_text("破棄される署名を確認する画面が出ます")).to_be_visible()
    page.get_by_label("理由").focus()
    page.keyboard.type("調達範囲の見直し")
    page.keyboard.press("Tab")  # to the 再協議にする button
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("再協議の確認")
    expect(page.locator(".confirm-signatures")).to_have_text("須崎市")
    expect(
        page.get_by_text("署名中の「庁内ネットワークの共同調達に関する協定書」(第1版)")
    ).to_be_visible()
    with live.app.app_context():
        assert db.session.get(Agreement, agreement_id).status == "out_for_signature"
    page.keyboard.press("Tab")
    for _ in range(40):  # walk the page by keyboard to the confirm button
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "署名を破棄して再協議にする":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the confirm button cannot be reached by keyboard")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("状態を変更しました")
    with live.app.app_context():
        assert db.session.get(Agreement, agreement_id).status == "superseded"
        assert db.session.get(AgendaItem, item_id).state == "discussed"
