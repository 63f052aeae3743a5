"""Cross-check records that must never change against what the audit log says was written.

The hash chain protects the log itself; positions and signatures live in their own tables, so
a direct edit there is found by comparing each row with the entry that recorded it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.db import db


@dataclasses.dataclass(frozen=True)
class Mismatch:
    table: str
    row_id: int
    entry_id: int | None
    field: str


def _entries(action: str, key: str) -> dict[int, AuditEntry]:
    rows = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action))
    return {e.after[key]: e for e in rows if e.after and key in e.after}


def _compare(
    table: str, rows: Any, entries: dict[int, AuditEntry], fields: dict[str, Callable[[Any], Any]]
) -> Iterator[Mismatch]:
    for row in rows:
        entry = entries.get(row.id)
        if entry is None:
            yield Mismatch(table, row.id, None, "no audit entry")
            continue
        for name, read in fields.items():
            if name in entry.after and entry.after[name] != read(row):
                yield Mismatch(table, row.id, entry.id, name)


def mismatches() -> Iterator[Mismatch]:
    """Every position and signature whose stored row differs from its audit entry."""
    from negotiator.agreements.models import Signature
    from negotiator.negotiation.models import Position

    positions = db.session.scalars(sa.select(Position).order_by(Position.id))
    yield from _compare(
        "position",
        positions,
        _entries("position.record", "position_id"),
        {
            "member_id": lambda p: p.member_id,
            "stance": lambda p: p.stance,
            "revision": lambda p: p.revision_number,
            "reason": lambda p: p.reason,
            "statement": lambda p: p.statement,
            "source": lambda p: p.source,
            "on_behalf": lambda p: p.on_behalf,
        },
    )
    signatures = db.session.scalars(sa.select(Signature).order_by(Signature.id))
    yield from _compare(
        "signature",
        signatures,
        _entries("agreement.sign", "signature_id"),
        {
            "member_id": lambda s: s.member_id,
            "kind": lambda s: s.kind,
            "signer_id": lambda s: s.signer_id,
            "content_hash": lambda s: s.content_hash,
            "paper_date": lambda s: s.paper_date.isoformat() if s.paper_date else None,
        },
    )


def first_mismatch() -> Mismatch | None:
    return next(mismatches(), None)
