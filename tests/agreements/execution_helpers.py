"""Helpers for execution tests: signatories, a party's own certificate, reading signatures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from io import BytesIO
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature

from negotiator.agreements import seal
from negotiator.consortia.models import Consortium, Member, Role
from negotiator.db import db
from tests.factories import PASSWORD, grant, login, make_user

SIGNATORIES = ("signatory", "signatory1", "signatory2")  # for members 0, 1 and 2


def add_signatories(app, world) -> None:  # noqa: ANN001
    """`signatory` signs for member 0 already; add one for members 1 and 2."""
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        for index in (1, 2):
            member = db.session.get(Member, world.member_ids[index])
            grant(make_user(f"signatory{index}"), council, Role.SIGNATORY, member)
        db.session.commit()


def sign_web(app, username: str, agreement_id: int, member_id: int, digest: str):  # noqa: ANN001, ANN201
    client = app.test_client()
    login(client, username)
    return client.post(
        f"/agreements/{agreement_id}/sign/{member_id}",
        data={"password": PASSWORD, "content_hash": digest},
    )


@dataclasses.dataclass(frozen=True)
class Checked:
    field: str
    name: str | None
    location: str | None
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    docmdp_ok: bool | None


def signatures(app, pdf: bytes) -> list[Checked]:  # noqa: ANN001
    """Every signature in signing order, validated with the installation certificate as root."""
    reader = PdfFileReader(BytesIO(pdf))
    out = []
    for sig in reader.embedded_signatures:
        with app.app_context():
            context = seal.trust_context()
        # On its own thread when an event loop runs here (Playwright's sync API).
        status = seal.isolated(lambda: validate_pdf_signature(sig, context))  # noqa: B023
        out.append(
            Checked(
                sig.field_name,
                sig.sig_object.get("/Name"),
                sig.sig_object.get("/Location"),
                status.intact,
                status.valid,
                status.trusted,
                status.coverage.name == "ENTIRE_FILE",
                status.docmdp_ok,
            )
        )
    return out


@dataclasses.dataclass(frozen=True)
class OwnCertificate:
    key: Path
    cert: Path
    pem: bytes


def own_certificate(folder: Path, name: str) -> OwnCertificate:
    """A member's own key and self-signed certificate (as an LGPKI one would be, for the test)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = folder / f"{name}-key.pem", folder / f"{name}-cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    cert_path.write_bytes(pem)
    return OwnCertificate(key_path, cert_path, pem)


def sign_own(pdf: bytes, own: OwnCertificate, field: str, extra_text: str = "") -> bytes:
    """What the party's own tool does: one incremental signature in its field.

    With `extra_text`, the same revision also adds a content stream to the first page (a
    change other than the signature, which must be refused).
    """
    signer = signers.SimpleSigner.load(str(own.key), str(own.cert))
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    if extra_text:
        stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 72 Td (X) Tj ET")
        writer.add_stream_to_page(0, writer.add_object(stream))
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()
