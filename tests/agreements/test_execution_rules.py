"""締結日 rule, failures that leave the agreement as it was, and PDF/A-3b after every signature."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pikepdf
import pytest
import sqlalchemy as sa

from negotiator.agreements.models import AgreementArticle, Signature
from negotiator.agreements.signing_date import japan_today
from negotiator.db import db
from tests.agreements.execution_helpers import SIGNATORIES, add_signatories, sign_web
from tests.agreements.factories import agreement, make_draft
from tests.factories import login


def _send(client, agreement_id: int, version: int):  # noqa: ANN001, ANN202
    return client.post(f"/agreements/{agreement_id}/send", data={"version": version})


def _draft_with_date(app, world, day: dt.date | None) -> tuple[int, int]:  # noqa: ANN001
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        a.signing_date = day
        db.session.commit()
        return agreement_id, a.version


@pytest.mark.parametrize(
    ("offset", "message"),
    [(None, "署名に回す前に締結日を入力してください"), (-1, "締結日が過ぎています")],
)
def test_send_needs_a_signing_date_not_in_the_past(app, world, offset, message):
    day = None if offset is None else japan_today() + dt.timedelta(days=offset)
    agreement_id, version = _draft_with_date(app, world, day)
    client = app.test_client()
    login(client, "facilitator")
    response = _send(client, agreement_id, version)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="signing_date-error">{message}' in page
    with app.app_context():
        assert agreement(agreement_id).status == "draft"


def test_the_draft_page_states_the_date_rule(app, world):
    agreement_id = make_draft(app, world)
    client = app.test_client()
    login(client, "facilitator")
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert "署名に回す前に必ず入力します(今日以降の日付)" in page
    assert "この日まで(日本時間)に限り受け付けます" in page


def test_database_refuses_a_sent_agreement_without_a_signing_date(app, world):
    agreement_id = make_draft(app, world, send=True)
    with app.app_context():
        a = agreement(agreement_id)
        a.signing_date = None
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()


def _sent_then_day_passed(app, world) -> tuple[int, str]:  # noqa: ANN001
    """Sent with 締結日 today; then the date is one day behind, as once midnight has passed."""
    agreement_id, version = _draft_with_date(app, world, japan_today())
    client = app.test_client()
    login(client, "facilitator")
    assert _send(client, agreement_id, version).status_code == 302
    with app.app_context():
        a = agreement(agreement_id)
        a.signing_date = japan_today() - dt.timedelta(days=1)
        db.session.commit()
        return agreement_id, a.content_hash


def test_no_electronic_signature_after_the_signing_date(app, world):
    agreement_id, digest = _sent_then_day_passed(app, world)
    refused = sign_web(app, "signatory", agreement_id, world.member_ids[0], digest)
    assert "を過ぎたため署名できません" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0


def test_no_paper_execution_dated_after_the_signing_date(app, world):
    agreement_id, version = _draft_with_date(app, world, japan_today())
    with app.app_context():
        a = agreement(agreement_id)
        a.execution_method = "paper"
        db.session.commit()
        version = a.version
    client = app.test_client()
    login(client, "facilitator")
    assert _send(client, agreement_id, version).status_code == 302
    with app.app_context():
        agreement(agreement_id).signing_date = japan_today() - dt.timedelta(days=1)
        db.session.commit()
    refused = client.post(
        f"/agreements/{agreement_id}/paper/{world.member_ids[0]}",
        data={"paper_date": japan_today().isoformat()},
        follow_redirects=True,
    )
    assert "を過ぎたため署名できません" in refused.get_data(as_text=True)


def test_a_rendering_failure_keeps_the_draft_and_says_why(app, world):
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        # Saved before text was checked on save: a character no shipped font prints.
        a.articles.append(AgreementArticle(position=9, caption="連絡", body="電話📞で連絡する。"))
        db.session.commit()
        version = a.version
    client = app.test_client()
    login(client, "facilitator")
    page = client.post(
        f"/agreements/{agreement_id}/send", data={"version": version}, follow_redirects=True
    ).get_data(as_text=True)
    assert "印刷できない文字があるため署名用のPDFを作成できません" in page and "📞" in page
    with app.app_context():
        a = agreement(agreement_id)
        assert a.status == "draft" and a.content_hash is None and a.current_pdf is None


def test_a_sealing_failure_refuses_the_signature_and_keeps_the_agreement_signable(
    app, world, tmp_path
):
    agreement_id = make_draft(app, world, send=True)
    with app.app_context():
        digest = agreement(agreement_id).content_hash
    app.config["SEAL_KEY_PATH"] = str(tmp_path / "missing-key.pem")
    refused = sign_web(app, "signatory", agreement_id, world.member_ids[0], digest)
    assert "電子署名を付けられませんでした" in refused.get_data(as_text=True)
    with app.app_context():
        assert agreement(agreement_id).status == "out_for_signature"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0
    app.config["SEAL_KEY_PATH"] = None
    assert sign_web(app, "signatory", agreement_id, world.member_ids[0], digest).status_code == 302


def _pdfa_rules(data: bytes) -> None:
    pdf = pikepdf.open(BytesIO(data))
    assert data.startswith(b"%PDF-1.7") and pdf.pdf_version == "1.7"
    assert str(pdf.Root.get("/Version", "/1.7")) == "/1.7"
    for name, extension in dict(pdf.Root.get("/Extensions", {})).items():
        assert name == "/ESIC" and str(extension.BaseVersion) == "/1.7"
    attached = list(pdf.Root.AF)
    assert len(attached) == 1
    assert attached[0].AFRelationship == "/Data" and str(attached[0].F) == "agreement.json"
    names = list(pdf.Root.Names.EmbeddedFiles.Names)
    assert names[1::2][0].objgen == attached[0].objgen
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
        assert xmp["pdf:Producer"] == str(pdf.docinfo["/Producer"])
        if "/Title" in pdf.docinfo:
            assert xmp["dc:title"] == str(pdf.docinfo["/Title"])
    intents = list(pdf.Root.OutputIntents)
    assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]


def test_still_pdfa_3b_after_every_signature(app, world):
    """The PDF/A-3b rules the app relies on, checked on the certified PDF and after each party:

    1. the header says %PDF-1.7 and the catalog sets no other /Version (RSA seal: pyHanko adds
       the ISO 32002 extension and PDF 2.0 only for ECDSA/EdDSA keys);
    2. the only developer extension is ESIC (PAdES) on base version 1.7;
    3. the catalog /AF lists exactly one file, agreement.json, with /AFRelationship /Data, the
       same file specification as in the EmbeddedFiles name tree;
    4. the XMP says pdfaid:part 3, conformance B;
    5. XMP and the Info dictionary agree (producer, and the title where Info has one);
    6. exactly one output intent, GTS_PDFA1, with its ICC profile.
    """
    add_signatories(app, world)
    agreement_id = make_draft(app, world, send=True)
    with app.app_context():
        a = agreement(agreement_id)
        digest = a.content_hash
        _pdfa_rules(a.current_pdf)
    for username, member_id in zip(SIGNATORIES, world.member_ids, strict=True):
        assert sign_web(app, username, agreement_id, member_id, digest).status_code == 302
        with app.app_context():
            _pdfa_rules(agreement(agreement_id).current_pdf)
    with app.app_context():
        assert agreement(agreement_id).status == "executed"


def test_the_signing_original_carries_no_draft_mark(app, world, tmp_path):
    """The certified PDF becomes, once signed by all, the executed one: no 草案 / 案（未締結）."""
    import subprocess

    agreement_id = make_draft(app, world, send=True)
    with app.app_context():
        path = tmp_path / "original.pdf"
        path.write_bytes(agreement(agreement_id).current_pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "協定書" in text and "草" not in text and "未締結" not in text
