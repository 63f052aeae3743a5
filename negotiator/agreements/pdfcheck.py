"""What an uploaded PDF says about itself: its signatures, its embedded content and its tail.

Runs inside negotiator.untrusted's child process (see verify.py): no Flask, no database. It
receives the bytes and the installation's certificate and returns plain JSON data.
"""

from __future__ import annotations

import hashlib
import json
from io import BytesIO
from typing import Any

from asn1crypto import pem, x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

ATTACHMENT = "agreement.json"  # the canonical content, attached by document.render_agreement_pdf
WHITESPACE = b" \t\r\n\x00\x0c"


def inspect(data: bytes, trust_pem: bytes) -> dict[str, Any]:
    """Every signature in file order, the embedded content's hash and what follows the last one."""
    reader = PdfFileReader(BytesIO(data), strict=False)
    context = ValidationContext(trust_roots=[_certificate(trust_pem)])
    signatures = [_signature(sig, context) for sig in reader.embedded_signatures]
    covered = max((s["covers"] for s in signatures), default=0)
    tail = data[covered:].strip(WHITESPACE) if signatures else b""
    return {
        "signatures": signatures,
        "appended": len(tail),
        "revisions": reader.xrefs.total_revisions,
        **_content(reader),
    }


def _certificate(text: bytes) -> x509.Certificate:
    der = pem.unarmor(text)[2] if pem.detect(text) else text
    return x509.Certificate.load(der)


def _text(value: Any) -> str:
    if isinstance(value, generic.TextStringObject | str):
        return str(value)[:500]
    if isinstance(value, generic.ByteStringObject | bytes):
        return bytes(value).decode("latin-1")[:500]
    return ""


def _signature(sig: EmbeddedPdfSignature, context: ValidationContext) -> dict[str, Any]:
    obj = sig.sig_object
    start, first, second, length = (int(x) for x in obj.get("/ByteRange", [0, 0, 0, 0]))
    timestamp = sig.sig_object_type == "/DocTimeStamp"
    found: dict[str, Any] = {
        "field": sig.field_name,
        "timestamp": timestamp,
        "name": _text(obj.get("/Name")),
        "location": _text(obj.get("/Location")),
        "reason": _text(obj.get("/Reason")),
        "certification": sig.docmdp_level is not None,
        "covers": second + length,
        "time": sig.self_reported_timestamp.isoformat() if sig.self_reported_timestamp else "",
        "subject": "",
        "fingerprint": "",
        "intact": False,
        "valid": False,
        "trusted": False,
        "readable": True,
    }
    try:
        cert = sig.signer_cert
        found["subject"] = cert.subject.human_friendly[:500]
        found["fingerprint"] = cert.sha256.hex()
        # No difference analysis between revisions: it grows with the square of the number of
        # signatures, and every revision of a genuine agreement is signed by this installation
        # anyway (an unsigned change shows as bytes after the last signature).
        if timestamp:
            # A document timestamp (RFC 3161): intact or not; its authority is not ours to trust.
            stamp = validate_pdf_timestamp(sig, validation_context=context, skip_diff=True)
            found["time"] = stamp.timestamp.isoformat()
            return found | {"intact": bool(stamp.intact), "valid": bool(stamp.valid)}
        status = validate_pdf_signature(sig, context, skip_diff=True)
    except Exception:  # noqa: BLE001 - a signature too broken to check is reported as such
        found["readable"] = False
        return found
    found |= {
        "intact": bool(status.intact),
        "valid": bool(status.valid),
        "trusted": bool(status.trusted),
    }
    return found


def _content(reader: PdfFileReader) -> dict[str, Any]:
    """The SHA-256 of the attached canonical JSON: the content hash printed in the footer."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        at = next(i for i in range(0, len(names) - 1, 2) if str(names[i]) == ATTACHMENT)
        spec = names[at + 1]
        raw = spec["/EF"]["/F"].data
    except (KeyError, TypeError, ValueError, StopIteration, AttributeError):
        return {"content_hash": "", "title": ""}
    try:
        title = str(json.loads(raw)["content"]["title"])[:500]
    except (ValueError, KeyError, TypeError):
        title = ""
    return {"content_hash": hashlib.sha256(raw).hexdigest(), "title": title}
