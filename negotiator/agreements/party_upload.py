"""A party's signed upload checked in the bounded child process (execution.check_party_upload):
exactly one new signature, in the party's field, by a registered certificate, over the
certified content unchanged. pyHanko is imported with this module, in the parent, before it
forks the child.
"""

from __future__ import annotations

from io import BytesIO

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask_babel import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from negotiator.agreements import seal
from negotiator.agreements.execution import ExecutionError


def read_pdf(data: bytes) -> PdfFileReader:
    """Parse a PDF; uploads reach it only inside the bounded child (check_party_upload)."""
    return PdfFileReader(BytesIO(data), strict=False)


def inspect(
    current: bytes, upload: bytes, registered: list, field: str, installation: ValidationContext
) -> dict:
    """In the child: the checks as JSON data (a refusal's message, or whose signature it is)."""
    try:
        return _party_signature(current, upload, registered, field, installation)
    except ExecutionError as exc:
        return {"error": str(exc.message)}


def _party_signature(
    current: bytes, upload: bytes, registered: list, field: str, installation: ValidationContext
) -> dict:
    try:
        original, reader = read_pdf(current), read_pdf(upload)
        before = len(original.embedded_signatures)
        signatures = reader.embedded_signatures
        revisions = reader.xrefs.total_revisions - original.xrefs.total_revisions
    except Exception as exc:  # noqa: BLE001 - an unreadable upload is refused, not a 500
        raise ExecutionError(_("PDFとして読み取れません。"), "file") from exc
    if len(signatures) != before + 1 or revisions != 1:
        raise ExecutionError(_("署名はちょうど1つだけ追加してください。"), "file")
    newest = signatures[-1]
    if newest.field_name != field:
        raise ExecutionError(_("署名は%(field)sの署名欄にしてください。", field=field), "file")
    fingerprint = newest.signer_cert.sha256.hex()
    match = next((r for r in registered if r[1] == fingerprint), None)
    if match is None:
        raise ExecutionError(_("この団体に登録された証明書による署名ではありません。"), "file")
    _check_intact(newest, signatures[0], match[2], installation)
    return {"certificate_id": match[0], "signer_name": newest.signer_cert.subject.human_friendly}


def _check_intact(newest, certification, pem: str, installation: ValidationContext) -> None:  # noqa: ANN001
    """The new signature covers the whole file and the certified content is unchanged."""
    try:
        # The registered certificate is the trust anchor: its fingerprint already matched.
        der = x509.load_pem_x509_certificate(pem.encode()).public_bytes(Encoding.DER)
        own = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
        status = seal.isolated(lambda: validate_pdf_signature(newest, own))
        original = seal.isolated(lambda: validate_pdf_signature(certification, installation))
    except Exception as exc:  # noqa: BLE001 - a malformed signature is refused, not a 500
        raise ExecutionError(_("署名を検証できません: %(error)s", error=str(exc)), "file") from exc
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if not (status.intact and status.valid and whole):
        raise ExecutionError(_("追加された署名が正しくありません。"), "file")
    allowed = original.modification_level is not None and original.modification_level <= (
        ModificationLevel.FORM_FILLING
    )
    if not (original.intact and original.trusted and original.docmdp_ok and allowed):
        raise ExecutionError(_("署名以外の変更が加えられています。"), "file")
