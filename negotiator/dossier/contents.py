"""What a dossier holds, taken when it is asked for: the HTML of each PDF, the CSV, and the
stored files by hash (their bytes are read again when it is built and must match).

The source is plain JSON; its hash is the render job's content hash, so asking again with
nothing changed finds the job that made it (negotiator.renders).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from negotiator.agreements.models import Agreement
from negotiator.db import db
from negotiator.dossier import additions, archive, audit_excerpt, contributors, record  # noqa: F401  (additions registers the discussion and documents)
from negotiator.meetings import queries as meeting_queries
from negotiator.meetings.models import Meeting, MeetingItem, Status
from negotiator.meetings.pdf import minutes_html
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.workflow import Actor

ITEMS, MINUTES, AGREEMENTS, AUDIT = "01_協議事項", "02_議事録", "03_協定書", "04_監査記録"
SCAN_EXTENSIONS = {b"%PDF-": "pdf", b"\x89PNG": "png", b"\xff\xd8\xff": "jpg"}
# The minutes as the council reads them: nothing a member's own page adds.
READER = Actor(is_facilitator=False)


def gather(negotiation: Negotiation) -> dict[str, Any]:
    """The dossier's source: file paths with their HTML, text or stored file's hash."""
    with force_locale("ja"):
        items = [_item(item) for item in negotiation.items]
        minutes = [_minutes(meeting) for meeting in _meetings(negotiation)]
        audit = audit_excerpt.excerpt_csv(negotiation)
    stored = _agreements(negotiation) + _extra(negotiation)
    paths = archive.unique(
        [p["path"] for p in items] + [m["path"] for m in minutes] + [s["path"] for s in stored]
    )
    for part, path in zip([*items, *minutes, *stored], paths, strict=True):
        part["path"] = path
    return {
        "negotiation_id": negotiation.id,
        "negotiation": negotiation.title,
        "consortium": negotiation.consortium.name,
        "items": items,
        "minutes": minutes,
        "stored": stored,
        "texts": [{"path": f"{AUDIT}/監査記録.csv", "text": audit}],
    }


def content_hash(source: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(source, sort_keys=True).encode()).hexdigest()


def known_size(source: dict[str, Any]) -> int:
    """The bytes known before anything is rendered: the stored files and the texts."""
    return sum(s["size"] for s in source["stored"]) + sum(
        len(t["text"].encode()) for t in source["texts"]
    )


def _item(item: AgendaItem) -> dict[str, Any]:
    name = archive.safe_name(f"第{item.number:03d}号_{item.title}") + ".pdf"
    return {"path": f"{ITEMS}/{name}", "html": record.item_html(item)}


def _meetings(negotiation: Negotiation) -> list[Meeting]:
    """The meetings held that took up the negotiation's items, by date."""
    items = sa.select(AgendaItem.id).where(AgendaItem.negotiation_id == negotiation.id)
    took_up = sa.select(MeetingItem.meeting_id).where(MeetingItem.item_id.in_(items))
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.id.in_(took_up),
                Meeting.status.in_([Status.HELD.value, Status.CONFIRMED.value]),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def _minutes(meeting: Meeting) -> dict[str, Any]:
    day = record.at(meeting.starts_at).split(" ")[0]
    name = archive.safe_name(f"{day}_{meeting.title}_議事録") + ".pdf"
    html = minutes_html(meeting_queries.meeting_view(meeting, READER))
    return {"path": f"{MINUTES}/{name}", "meeting_id": meeting.id, "html": html}


def _agreements(negotiation: Negotiation) -> list[dict[str, Any]]:
    """The executed versions' stored PDFs, and a paper original's scan, by hash."""
    executed = Agreement.executed_pdf_sha256.is_not(None)
    rows = db.session.scalars(
        sa.select(Agreement)
        .where(Agreement.negotiation_id == negotiation.id, executed)
        .order_by(Agreement.number)
    )
    out = []
    for a in rows:
        stem = archive.safe_name(f"第{a.number}版_{a.title}")
        out.append(_stored(f"{AGREEMENTS}/{stem}.pdf", a.executed_pdf, a.id, "executed_pdf"))
        if a.original_scan is not None:
            scan = a.original_scan
            ext = next(e for magic, e in SCAN_EXTENSIONS.items() if scan.startswith(magic))
            path = f"{AGREEMENTS}/{stem}_原本スキャン.{ext}"
            out.append(_stored(path, a.original_scan, a.id, "original_scan"))
    return out


def _stored(path: str, data: bytes, agreement_id: int, column: str) -> dict[str, Any]:
    return {
        "path": path,
        "agreement_id": agreement_id,
        "column": column,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }


def _extra(negotiation: Negotiation) -> list[dict[str, Any]]:
    """Files other domains add (contributors.EXTRA_FILES), by hash, in path order."""
    found = [
        (archive.safe_path(path), data)
        for contribute in contributors.EXTRA_FILES
        for path, data in contribute(negotiation)
    ]
    return [
        {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for path, data in sorted(found, key=lambda f: f[0])
    ]
