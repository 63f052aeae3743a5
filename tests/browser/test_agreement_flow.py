"""Browser: the three demo mayors sign; the sealed PDF downloads; the verify page checks it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from negotiator.agreements import services
from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.demo import CONSORTIUM, DEMO_PASSWORD
from tests.factories import make_item, make_negotiation, record

pytestmark = pytest.mark.browser
MAYORS = (
    ("susaki-mayor", "須崎市"),
    ("nakatosa-mayor", "中土佐町"),
    ("shimanto-mayor", "四万十町"),
)


def _agreement_out_for_signature(app) -> int:  # noqa: ANN001
    with app.app_context():
        council = db.session.scalar(sa.select(Consortium).where(Consortium.name == CONSORTIUM))
        facilitator = db.session.scalar(sa.select(User).where(User.username == "jimukyoku"))
        with acting_as(facilitator):
            negotiation = make_negotiation(council, "庁内ネットワークの共同調達")
            item = make_item(
                negotiation, "目的", text="3市町で庁内ネットワーク機器を共同調達する。"
            )
            for member in council.members:
                record(item, member, "agree")
            item.state = "agreed"
            agreement = services.create_draft(negotiation)
            services.send_for_signature(agreement, agreement.version)
        db.session.commit()
        return agreement.id


def _login(page, username: str) -> None:  # noqa: ANN001
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('ログイン')")
    expect(page.locator("h1")).to_have_text("ホーム")


def test_mayors_sign_and_the_sealed_pdf_verifies(page, live, tmp_path):
    agreement_id = _agreement_out_for_signature(live.app)
    for username, town in MAYORS:
        _login(page, username)
        page.goto(f"/agreements/{agreement_id}")
        page.get_by_role("link", name="署名する").click()
        expect(page.locator("h1")).to_have_text(f"{town}として署名")
        with live.app.app_context():
            from negotiator.agreements.models import Agreement

            digest = db.session.get(Agreement, agreement_id).content_hash
        expect(page.locator("code.hash")).to_have_text(digest)  # the signer sees what they sign
        page.get_by_label("パスワード(確認のため再入力)").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="この内容で署名する").click()
        expect(page.get_by_role("status").first).to_contain_text(f"{town}として署名しました")
        page.get_by_role("button", name="ログアウト").click()

    _login(page, "observer")
    page.goto(f"/agreements/{agreement_id}")
    expect(page.locator("h1")).to_contain_text("締結済み")
    with page.expect_download() as info:
        page.get_by_role("link", name="締結済みPDF(電子印付き)").click()
    pdf = tmp_path / "executed.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.goto("/verify")
    page.set_input_files("input[name=file]", str(pdf))
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "改変されていない、締結済みの協定書です"
    )

    changed = bytearray(pdf.read_bytes())
    changed[len(changed) // 3] ^= 0x01
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(bytes(changed))
    page.set_input_files("input[name=file]", str(forged))
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("改変されていない、締結済みの協定書です")).to_have_count(0)
