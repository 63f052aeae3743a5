"""What an uploaded agreement PDF is: whose signatures it carries, and whether it was changed.

The file is parsed by pdfcheck.inspect in a child process with memory and CPU limits
(negotiator.untrusted): an upload is hostile until proven otherwise, and a decompression bomb
must cost a bounded moment of one child, not a web worker. Only plain data comes back; this
module then looks the agreement up by its content hash and names each signature's party.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re

import sqlalchemy as sa

from negotiator import untrusted
from negotiator.agreements import seal
from negotiator.agreements.models import Agreement, Status
from negotiator.consortia.models import Member
from negotiator.db import db

MAX_BYTES = 2 * untrusted.MB  # a 50-party, 100-article agreement with 51 signatures is 0.35 MB
# The default 0.8 s of CPU verifies about 60 signatures (51 take 0.5-0.6 s); a 5 KB bomb would
# otherwise take 9 s and 215 MB, a 2 MB one minutes and gigabytes.
LIMITS = untrusted.Limits()
PARTY_FIELD = re.compile(r"party-(\d{1,9})")
EXECUTED = (Status.EXECUTED.value, Status.SUPERSEDED.value)


@dataclasses.dataclass(frozen=True)
class SignatureLine:
    field: str
    party: str  # the member's name, else what the signature says ("" for the installation)
    signer: str
    reason: str
    signed_at: dt.datetime | None  # as the signer reported it
    # "valid", "damaged" (changed or unreadable) or "foreign" (another installation's certificate)
    state: str
    certification: bool
    timestamp: bool = False  # a document timestamp (RFC 3161), not a signature by anyone

    @property
    def installation(self) -> bool:
        """The installation's own certification or seal, not a party's signature."""
        return self.field == seal.FIELD


@dataclasses.dataclass(frozen=True)
class Verdict:
    # "genuine", "partly_signed", "unknown", "appended", "foreign", "damaged", "unsigned",
    # "refused" (too costly to read), "too_large" or "unreadable" (not a PDF)
    status: str
    sha256: str
    signatures: tuple[SignatureLine, ...] = ()
    content_hash: str = ""
    title: str = ""
    appended: int = 0  # bytes after the last signature
    agreement: Agreement | None = None

    @property
    def genuine(self) -> bool:
        return self.status == "genuine"


def check(data: bytes) -> Verdict:
    """The verdict on an uploaded file; never raises on a broken, foreign or hostile one."""
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_BYTES:
        return Verdict("too_large", digest)
    if b"%PDF-" not in data[:1024]:
        return Verdict("unreadable", digest)
    # Imported here, before the fork: the child's CPU budget is for the parse, not for loading
    # pyHanko, which only processes that check signatures load (negotiator.agreements.pades).
    from negotiator.agreements import pdfcheck

    outcome = untrusted.run(pdfcheck.inspect, data, _trust_root(), limits=LIMITS)
    if not outcome.ok:
        return Verdict("refused" if outcome.refusal in ("memory", "time") else "unreadable", digest)
    found = outcome.value
    agreement = _agreement(digest, found["content_hash"])
    lines = tuple(_line(s, agreement) for s in found["signatures"])
    return Verdict(
        _status(lines, found["appended"], agreement, digest),
        digest,
        lines,
        found["content_hash"],
        found["title"],
        found["appended"],
        agreement,
    )


def _trust_root() -> bytes:
    _, cert_path = seal._paths()
    return cert_path.read_bytes() if cert_path.exists() else b""


def _agreement(digest: str, content_hash: str) -> Agreement | None:
    """The stored executed file with these bytes, else the latest version with this content."""
    exact = db.session.scalar(
        sa.select(Agreement).where(
            Agreement.executed_pdf_sha256 == digest, Agreement.status.in_(EXECUTED)
        )
    )
    if exact is not None or not content_hash:
        return exact
    return db.session.scalar(
        sa.select(Agreement)
        .where(Agreement.content_hash == content_hash)
        .order_by(Agreement.id.desc())
        .limit(1)
    )


def _party(field: str, location: str, agreement: Agreement | None) -> str:
    if field == seal.FIELD:
        return ""
    match = PARTY_FIELD.fullmatch(field)
    if match and agreement is not None:
        member = db.session.get(Member, int(match.group(1)))
        if member is not None and member.consortium_id == agreement.negotiation.consortium_id:
            return member.name
    return location or field


def _line(found: dict, agreement: Agreement | None) -> SignatureLine:
    if not (found["readable"] and found["intact"] and found["valid"]):
        state = "damaged"
    else:
        state = "valid" if found["trusted"] or found["timestamp"] else "foreign"
    try:
        signed_at = dt.datetime.fromisoformat(found["time"]) if found["time"] else None
    except ValueError:
        signed_at = None
    return SignatureLine(
        field=found["field"],
        party=_party(found["field"], found["location"], agreement),
        signer=found["name"] or found["subject"],
        reason=found["reason"],
        signed_at=signed_at,
        state=state,
        certification=found["certification"],
        timestamp=found["timestamp"],
    )


def _status(
    lines: tuple[SignatureLine, ...], appended: int, agreement: Agreement | None, digest: str
) -> str:
    if not lines:
        return "unsigned"
    states = {line.state for line in lines}
    if "damaged" in states:
        return "damaged"
    if "foreign" in states:
        return "foreign"
    if appended:
        return "appended"
    if agreement is None:
        return "unknown"
    if agreement.status in EXECUTED and agreement.executed_pdf_sha256 == digest:
        return "genuine"
    return "partly_signed"
