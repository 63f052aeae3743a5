"""Is an uploaded PDF an unmodified executed agreement of this installation?"""

from __future__ import annotations

import dataclasses
import hashlib

import sqlalchemy as sa

from negotiator.agreements.models import Agreement, Status
from negotiator.agreements.seal import SealCheck, check_seal
from negotiator.db import db


@dataclasses.dataclass(frozen=True)
class Verdict:
    genuine: bool
    agreement: Agreement | None
    seal: SealCheck
    sha256: str


def check(data: bytes) -> Verdict:
    """Genuine only if the bytes are exactly a stored executed PDF and its seal holds."""
    digest = hashlib.sha256(data).hexdigest()
    agreement = db.session.scalar(
        sa.select(Agreement).where(
            Agreement.executed_pdf_sha256 == digest,
            Agreement.status.in_([Status.EXECUTED.value, Status.SUPERSEDED.value]),
        )
    )
    seal = check_seal(data)
    genuine = agreement is not None and seal.intact and seal.trusted
    return Verdict(genuine, agreement, seal, digest)
