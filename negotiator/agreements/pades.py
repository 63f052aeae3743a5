"""pyHanko's side of the installation's seal: signing, timestamping and checking (negotiator.
agreements.seal is the way in).

A module of its own because pyHanko's signing modules import aiohttp for timestamp servers, and
with it about 0.3 s of import time per process: a web worker, consumer or command that never signs
or checks a signature never imports this module.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from io import BytesIO
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from flask import current_app
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from negotiator.agreements.seal import FIELD, _paths, ensure_demo_certificate, isolated


class _Writer(IncrementalPdfFileWriter):
    """An incremental writer that leaves the document's Info and XMP metadata alone.

    pyHanko otherwise rewrites the XMP producer to its own name and appends it to the Info
    producer, so the two disagree (PDF/A requires them to match); signatures need neither.
    """

    def _update_meta(self) -> None:
        pass


class _Signer(signers.SimpleSigner):
    """pyHanko's signer, with the key parsed once: pyHanko parses it again for every signature,
    and cryptography checks an RSA-3072 key each time (about 0.13 s on a 2-core machine)."""

    @functools.cached_property
    def _key(self) -> rsa.RSAPrivateKey | None:
        key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
        return key if isinstance(key, rsa.RSAPrivateKey) else None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15" or self._key is None:
            return super().sign_raw(data, digest_algorithm)
        return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


# Loaded signers by the bytes of their key and certificate files (a new key is a new entry).
_SIGNERS: dict[bytes, _Signer] = {}


def _signer() -> signers.SimpleSigner:
    key_path, cert_path = _paths()
    if not current_app.config.get("SEAL_KEY_PATH") and not key_path.exists():
        # No certificate configured: seal with a demonstration one, as `make run` would.
        current_app.logger.warning("no seal certificate configured; creating a demo one")
        ensure_demo_certificate()
    try:
        files = hashlib.sha256(key_path.read_bytes() + b"\0" + cert_path.read_bytes()).digest()
    except OSError as exc:
        raise RuntimeError(
            f"cannot read the seal key {key_path} or certificate {cert_path}"
        ) from exc
    if files not in _SIGNERS:
        _SIGNERS[files] = _load(key_path, cert_path)
    return _SIGNERS[files]


def _load(key_path: Path, cert_path: Path) -> _Signer:
    loaded = signers.SimpleSigner.load(str(key_path), str(cert_path))
    if loaded is None:
        raise RuntimeError(f"cannot load the seal key {key_path} and certificate {cert_path}")
    if loaded.signing_key.algorithm != "rsa":
        # e.g. an EC demo key made before this was RSA: sealing still works, but pyHanko marks
        # the PDF as version 2.0, which a PDF/A-3b file must not be.
        current_app.logger.warning("the seal key %s is not RSA: PDFs lose PDF/A-3b", key_path)
    return _Signer(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )


def _sign(writer: IncrementalPdfFileWriter, meta: signers.PdfSignatureMetadata) -> bytes:
    signer = _signer()
    out = isolated(lambda: signers.sign_pdf(writer, meta, signer=signer))
    return out.getvalue()


def seal_pdf(pdf: bytes) -> bytes:
    """Sign the PDF with the installation's certificate (PAdES baseline B)."""
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES)
    return _sign(_Writer(BytesIO(pdf)), meta)


def certify_pdf(pdf: bytes, party_fields: list[str]) -> bytes:
    """Certify the PDF (DocMDP: only further signatures allowed), with one empty field a party."""
    writer = _Writer(BytesIO(pdf))
    for name in party_fields:
        fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        reason="協定書の内容の確定(署名用原本)",
    )
    return _sign(writer, meta)


def approve_pdf(pdf: bytes, field: str, *, name: str, location: str, reason: str) -> bytes:
    """Add one party's approval signature as an incremental update (installation key)."""
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=name,
        location=location,
        reason=reason,
    )
    return _sign(_Writer(BytesIO(pdf)), meta)


def timestamp_pdf(pdf: bytes) -> bytes:
    """Add an RFC 3161 document timestamp when SEAL_TSA_URL is set; otherwise the same bytes."""
    url = current_app.config.get("SEAL_TSA_URL")
    if not url:
        return pdf
    from pyhanko.sign.timestamps import HTTPTimeStamper

    stamper = signers.PdfTimeStamper(HTTPTimeStamper(url))
    writer = _Writer(BytesIO(pdf))
    return isolated(lambda: stamper.timestamp_pdf(writer, md_algorithm="sha256")).getvalue()


def trust_context() -> ValidationContext:
    """Validation with the installation's certificate as the only trust root."""
    _, cert_path = _paths()
    return ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_path))])


@dataclasses.dataclass(frozen=True)
class SealCheck:
    sealed: bool  # carries a seal at all
    intact: bool  # nothing changed since sealing, and the seal covers the whole file
    trusted: bool  # made with this installation's certificate


def check_seal(data: bytes) -> SealCheck:
    """What the seal on an uploaded PDF says; never raises on a broken or foreign file."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable upload is simply "not sealed"
        return SealCheck(False, False, False)
    if not signatures:
        return SealCheck(False, False, False)
    try:
        context = trust_context()
        status = isolated(lambda: validate_pdf_signature(signatures[-1], context))
    except Exception:  # noqa: BLE001
        return SealCheck(True, False, False)
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    return SealCheck(True, bool(status.intact and whole), bool(status.trusted))
