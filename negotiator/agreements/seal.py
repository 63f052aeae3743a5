"""The installation's digital seal (PAdES) on executed agreements, and checking it.

`make run` creates a self-signed demonstration certificate in instance/seal/; a real
installation configures its own key and certificate (e.g. from LGPKI) with SEAL_KEY_PATH and
SEAL_CERT_PATH. Signing needs no network: no timestamp server is used.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import current_app
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

T = TypeVar("T")
FIELD = "NegotiatorSeal"


def _isolated(fn: Callable[[], T]) -> T:
    """Run pyHanko, which calls asyncio.run(), on a thread of its own when this one already
    runs an event loop (as under Playwright's sync API in browser tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def _paths() -> tuple[Path, Path]:
    folder = Path(current_app.instance_path) / "seal"
    key = current_app.config.get("SEAL_KEY_PATH") or folder / "seal-key.pem"
    cert = current_app.config.get("SEAL_CERT_PATH") or folder / "seal-cert.pem"
    return Path(key), Path(cert)


def ensure_demo_certificate(common_name: str = "negotiator demo seal") -> bool:
    """Create a self-signed EC P-256 key and certificate unless one is configured or present."""
    key_path, cert_path = _paths()
    if key_path.exists() and cert_path.exists():
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "negotiator (demo)"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return True


def seal_pdf(pdf: bytes) -> bytes:
    """Sign the PDF with the installation's certificate (PAdES baseline B)."""
    key_path, cert_path = _paths()
    if not current_app.config.get("SEAL_KEY_PATH") and not key_path.exists():
        # No certificate configured: seal with a demonstration one, as `make run` would.
        current_app.logger.warning("no seal certificate configured; creating a demo one")
        ensure_demo_certificate()
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    if signer is None:
        raise RuntimeError(f"cannot load the seal key {key_path} and certificate {cert_path}")
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES)
    out = _isolated(
        lambda: signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer)
    )
    return out.getvalue()


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
    _, cert_path = _paths()
    root = load_cert_from_pemder(str(cert_path))
    try:
        context = ValidationContext(trust_roots=[root])
        status = _isolated(lambda: validate_pdf_signature(signatures[-1], context))
    except Exception:  # noqa: BLE001
        return SealCheck(True, False, False)
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    return SealCheck(True, bool(status.intact and whole), bool(status.trusted))
