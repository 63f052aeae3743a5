"""The installation's digital seal (PAdES) on agreements, and checking it.

`make run` creates a self-signed demonstration certificate in instance/seal/; a real
installation configures its own key and certificate (e.g. from LGPKI) with SEAL_KEY_PATH and
SEAL_CERT_PATH. Use an RSA key: pyHanko raises a PDF to version 2.0 when it signs with ECDSA or
EdDSA, which a PDF/A-3 file (PDF 1.7 based) must not be (STACK-NOTES.md). Signing needs no
network; an RFC 3161 document timestamp is added only when SEAL_TSA_URL is set.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import current_app

if TYPE_CHECKING:
    from pyhanko_certvalidator import ValidationContext

    from negotiator.agreements.pades import SealCheck

T = TypeVar("T")
FIELD = "NegotiatorSeal"


def isolated(fn: Callable[[], T]) -> T:
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
    """Create a self-signed RSA key and certificate unless one is configured or present."""
    key_path, cert_path = _paths()
    if key_path.exists() and cert_path.exists():
        return False
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
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


def _pades() -> ModuleType:
    """pyHanko, loaded at the first signature or check rather than with the app (see pades)."""
    from negotiator.agreements import pades

    return pades


def seal_pdf(pdf: bytes) -> bytes:
    """Sign the PDF with the installation's certificate (PAdES baseline B)."""
    return _pades().seal_pdf(pdf)


def certify_pdf(pdf: bytes, party_fields: list[str]) -> bytes:
    """Certify the PDF (DocMDP: only further signatures allowed), with one empty field a party."""
    return _pades().certify_pdf(pdf, party_fields)


def approve_pdf(pdf: bytes, field: str, *, name: str, location: str, reason: str) -> bytes:
    """Add one party's approval signature as an incremental update (installation key)."""
    return _pades().approve_pdf(pdf, field, name=name, location=location, reason=reason)


def timestamp_pdf(pdf: bytes) -> bytes:
    """Add an RFC 3161 document timestamp when SEAL_TSA_URL is set; otherwise the same bytes."""
    return _pades().timestamp_pdf(pdf)


def trust_context() -> ValidationContext:
    """Validation with the installation's certificate as the only trust root."""
    return _pades().trust_context()


def check_seal(data: bytes) -> SealCheck:
    """What the seal on an uploaded PDF says; never raises on a broken or foreign file."""
    return _pades().check_seal(data)
