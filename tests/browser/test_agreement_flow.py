"""Browser: the demo council requires 決裁 before signing: each town's liaison records it, then
the three demo mayors sign one by one (立会人型); after each signature the partly signed PDF
carries one more valid signature; the executed PDF downloads and verifies."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from negotiator.agreements import services
from negotiator.agreements.signing_date import japan_today
from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.demo import CONSORTIUM, DEMO_PASSWORD
from tests.agreements.execution_helpers import signatures
from tests.factories import make_item, make_negotiation, record

pytestmark = pytest.mark.browser
MAYORS = (
    ("susaki-mayor", "須崎市"),
    ("nakatosa-mayor", "中土佐町"),
    ("shimanto-mayor", "四万十町"),
)
LIAISONS = ("susaki-liaison", "nakatosa-liaison", "shimanto-liaison")


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
            # A week ahead: a signature after the 締結日 is refused, and JST midnight may pass
            # during the test.
            agreement.signing_date = japan_today() + dt.timedelta(days=7)
            services.send_for_signature(agreement, agreement.version)
        db.session.commit()
        return agreement.id


def _login(page, username: str) -> None:  # noqa: ANN001
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('ログイン')")
    expect(page.locator("h1")).to_have_text("ホーム")


def _download(page, link: str, path):  # noqa: ANN001, ANN202
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    info.value.save_as(path)
    return path.read_bytes()


def _record_approval(page, username: str, town: str, agreement_id: int) -> None:  # noqa: ANN001
    """The town's liaison records its 決裁 from the agreement page; dates typed as dates."""
    _login(page, username)
    page.goto(f"/agreements/{agreement_id}")
    page.get_by_role("link", name="決裁を記録する").click()
    expect(page.locator("h1")).to_have_text(f"{town}の決裁")
    today = japan_today()
    page.get_by_label("起案日", exact=True).fill(today.isoformat())
    page.get_by_label("決裁日", exact=True).fill(today.isoformat())
    page.get_by_label("文書番号", exact=True).fill("総第101号")
    page.get_by_label("決裁者の職", exact=True).fill("副市長" if town.endswith("市") else "副町長")
    page.get_by_role("button", name="決裁を記録する").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{town}の決裁を記録しました")
    expect(page.locator("table.execution-status")).to_contain_text("総第101号")
    page.get_by_role("button", name="ログアウト").click()


def test_mayors_sign_and_the_sealed_pdf_verifies(page, live, tmp_path):
    agreement_id = _agreement_out_for_signature(live.app)
    # Before its 決裁 is recorded, a mayor is told why and offered no sign button.
    _login(page, "susaki-mayor")
    page.goto(f"/agreements/{agreement_id}")
    expect(page.locator("table.execution-status")).to_contain_text("決裁の記録待ち")
    expect(page.get_by_role("link", name="署名する")).to_have_count(0)
    page.get_by_role("button", name="ログアウト").click()
    for username, (_mayor, town) in zip(LIAISONS, MAYORS, strict=True):
        _record_approval(page, username, town, agreement_id)
    for count, (username, town) in enumerate(MAYORS, start=1):
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
        if count < len(MAYORS):
            partly = _download(page, "署名用PDF(署名済みの分を含む)", tmp_path / f"{count}.pdf")
            checked = signatures(live.app, partly)
            assert len(checked) == 1 + count  # the certification, then one per party so far
            assert all(c.intact and c.valid and c.trusted for c in checked)
            assert town in (checked[-1].location or "")
        page.get_by_role("button", name="ログアウト").click()

    _login(page, "observer")
    page.goto(f"/agreements/{agreement_id}")
    expect(page.locator("h1")).to_contain_text("締結済み")
    pdf = tmp_path / "executed.pdf"
    executed = _download(page, "締結済みPDF(電子印付き)", pdf)
    assert len(signatures(live.app, executed)) == 1 + len(MAYORS)

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
