"""/verify (issue 10 point 8, issue 11 finding 1): every signature in the PDF with its party,
signer, time and state; the content hash; anything appended after the last signature; a damaged
signature told from another installation's; hostile files refused within bounded work.

The PDFs are the app's own agreement signed several times with pyHanko in the test: the
installation's certification (seal.FIELD) and one signature per party in fields party-<member
id>, as per-party signing does, with the installation key of negotiator/agreements/seal.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from negotiator.agreements import document, seal, verify
from negotiator.agreements.models import Status
from negotiator.consortia.models import Member
from negotiator.db import db, utcnow
from tests.agreements.factories import agreement, make_draft
from tests.factories import login
from tests.fuzz.strategies import pdf_bomb as bomb

NAMES = ("須崎市", "中土佐町", "四万十町")


def _sign(pdf: bytes, field: str, signer: signers.Signer, **meta: object) -> bytes:
    spec = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, **meta
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    return signers.sign_pdf(writer, spec, signer=signer).getvalue()


def _installation() -> signers.SimpleSigner:
    seal.ensure_demo_certificate()
    key, cert = seal._paths()
    return signers.SimpleSigner.load(str(key), str(cert))


def _other_installation(app, folder: Path) -> signers.SimpleSigner:  # noqa: ANN001
    """A signer with a key and certificate of another installation (seal.py's own recipe)."""
    key, cert = folder / "other-key.pem", folder / "other-cert.pem"
    other = {"SEAL_KEY_PATH": str(key), "SEAL_CERT_PATH": str(cert)}
    with app.app_context():
        saved = {k: app.config.get(k) for k in other}
        app.config.update(other)
        try:
            seal.ensure_demo_certificate("another negotiator")
        finally:
            app.config.update(saved)
    return signers.SimpleSigner.load(str(key), str(cert))


def _timestamp(pdf: bytes) -> bytes:
    """A document timestamp by a test authority, as SEAL_TSA_URL would add one."""
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the dummy is RSA-only
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test TSA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    return signers.PdfTimeStamper(stamper).timestamp_pdf(writer, "sha256").getvalue()


@pytest.fixture
def signed(app, world) -> tuple[int, bytes, bytes]:  # noqa: ANN001
    """The sent agreement rendered, certified and signed by each party: (id, plain, signed)."""
    agreement_id = make_draft(app, world, send=True)
    with app.app_context(), app.test_request_context():
        plain = document.render_agreement_pdf(agreement(agreement_id))
        signer = _installation()
        pdf = _sign(
            plain,
            seal.FIELD,
            signer,
            certify=True,
            docmdp_permissions=fields.MDPPerm.FILL_FORMS,
            reason="協定書の内容の確定",
        )
        for member_id in world.member_ids:
            member = db.session.get(Member, member_id)
            pdf = _sign(
                pdf,
                f"party-{member_id}",
                signer,
                name=f"{member.name}長 山田太郎",
                location=member.name,
                reason=f"{member.name}が合意し署名",
            )
    return agreement_id, plain, pdf


def _check(app, data: bytes) -> verify.Verdict:  # noqa: ANN001
    with app.app_context():
        return verify.check(data)


def _page(app, data: bytes, user: str = "observer") -> str:  # noqa: ANN001
    client = app.test_client()
    login(client, user)
    response = client.post(
        "/verify", data={"file": (BytesIO(data), "a.pdf")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_signature_is_listed_with_party_signer_time_and_state(app, signed):
    agreement_id, _, pdf = signed
    verdict = _check(app, pdf)
    assert verdict.status == "partly_signed" and verdict.appended == 0
    assert [line.state for line in verdict.signatures] == ["valid"] * 4
    seal_line, *parties = verdict.signatures
    assert seal_line.installation and seal_line.certification
    assert [line.party for line in parties] == list(NAMES)
    assert parties[0].signer == "須崎市長 山田太郎"
    assert all(line.signed_at is not None for line in verdict.signatures)
    with app.app_context():
        content_hash = agreement(agreement_id).content_hash
    assert verdict.content_hash == content_hash
    page = _page(app, pdf)
    assert page.count("有効</span>") == 4 and "四万十町長 山田太郎" in page
    assert content_hash in page and hashlib.sha256(pdf).hexdigest() in page
    assert "最後の署名の後に追加されたデータはありません" in page


def test_the_stored_executed_file_is_genuine(app, signed):
    agreement_id, _, pdf = signed
    with app.app_context():
        a = agreement(agreement_id)
        a.status, a.executed_at = Status.EXECUTED.value, utcnow()
        a.executed_pdf, a.executed_pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        db.session.commit()
    assert _check(app, pdf).status == "genuine"
    assert "改変されていない、締結済みの協定書です" in _page(app, pdf)


def test_a_damaged_signature_is_told_from_another_installations(app, signed, tmp_path):
    _, plain, pdf = signed
    changed = bytearray(pdf)
    changed[len(plain) // 3] ^= 0x01  # inside the content every signature covers
    damaged = _check(app, bytes(changed))
    assert damaged.status == "damaged" and "damaged" in {s.state for s in damaged.signatures}
    assert "改変されています" in _page(app, bytes(changed))

    foreign_pdf = _sign(pdf, "party-999", _other_installation(app, tmp_path), name="誰か")
    foreign = _check(app, foreign_pdf)
    assert foreign.status == "foreign"
    assert [s.state for s in foreign.signatures] == ["valid"] * 4 + ["foreign"]
    page = _page(app, foreign_pdf)
    assert "このシステム以外で作られた署名があります" in page and "他のシステムの署名" in page


def test_an_unsigned_update_after_the_last_signature_is_reported(app, signed):
    _, _, pdf = signed
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    verdict = _check(app, out.getvalue())
    assert verdict.status == "appended" and verdict.appended > 0
    assert {s.state for s in verdict.signatures} == {"valid"}
    assert "最後の署名の後に、署名のない変更が追加されています" in _page(app, out.getvalue())


def test_unsigned_and_non_pdf_files(app, signed):
    _, plain, _ = signed
    assert _check(app, plain).status == "unsigned"
    assert _check(app, b"PK\x03\x04 not a pdf").status == "unreadable"
    assert _check(app, b"%PDF-1.7\n garbage").status == "unreadable"


def test_a_decompression_bomb_is_refused_and_the_worker_carries_on(app, signed):
    _, _, pdf = signed
    for size in (5, 50):
        data = bomb(size * 1024 * 1024)
        assert len(data) < 100_000
        # Refused for what it costs; a child that the limit kills outright reads as unreadable.
        assert _check(app, data).status in ("refused", "unreadable")
    page = _page(app, bomb())
    assert "このファイルは確認できません" in page
    assert _check(app, pdf).status == "partly_signed"  # the same process still verifies


def test_uploads_larger_than_a_real_agreement_are_refused_before_reading(app, world):
    client = app.test_client()
    login(client, "observer")
    # A raw body: the test client would spool a multipart file this big to a temporary file.
    big = b"%PDF-1.7\n" + b"0" * (verify.MAX_BYTES + 100_000)
    response = client.post("/verify", data=big, content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    small = client.post("/verify", data=b"0" * 1000, content_type="multipart/form-data; boundary=x")
    assert small.status_code != 413


def test_a_document_timestamp_is_listed_and_is_not_another_installations(app, signed):
    _, _, pdf = signed
    stamped = _timestamp(pdf)
    verdict = _check(app, stamped)
    assert verdict.status == "partly_signed" and verdict.appended == 0
    *_, stamp = verdict.signatures
    assert stamp.timestamp and stamp.state == "valid" and stamp.signed_at is not None
    assert "タイムスタンプ(時刻認証)" in _page(app, stamped)
