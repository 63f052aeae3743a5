"""What each kind of render reads, makes and keeps, and who may see it (declared by domains)."""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Callable
from io import BytesIO
from typing import Any

from negotiator.negotiation.rules import N_
from negotiator.renders.models import RenderJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Progress = Callable[[str], None]  # report a step (a msgid) while the slow part runs

# The modules that declare kinds; imported on first use, so that neither side imports the other
# at load time.
DECLARING = (
    "negotiator.agreements.renders",
    "negotiator.meetings.pdf",
    "negotiator.dossier.renders",
    "negotiator.negotiation.export_views",
    "negotiator.costs.export_views",
)


@dataclasses.dataclass(frozen=True)
class RenderKind:
    name: str
    # Aborts (404 when the subject is gone, 403 when not allowed) unless the current user may
    # see the subject; the job's page and file follow the subject's own rule.
    readable: Callable[[int], None]
    # Where the user goes back to: the agreement, the meeting.
    back: Callable[[int], str]
    # In the transaction: what to render. The slow part `make` then runs outside any
    # transaction (no lock is held while WeasyPrint works) and returns the bytes.
    load: Callable[[RenderJob], Any]
    make: Callable[[Any, Progress], bytes]
    # Keep the bytes (default: on the job, for download); in the transaction again.
    store: Callable[[RenderJob, bytes], None] | None = None
    # After a failure, in the transaction that records it (e.g. the agreement back to draft).
    failed: Callable[[RenderJob], None] | None = None
    progress: str = N_("PDFを作成しています")
    # What the status page calls it, the file's type, and the steps `make` reports in order
    # (listed on the status page with the current one marked; none: just the progress).
    title: str = N_("PDFの作成")
    mimetype: str = "application/pdf"
    steps: tuple[str, ...] = ()


KINDS: dict[str, RenderKind] = {}


def register(kind: RenderKind) -> RenderKind:
    KINDS[kind.name] = kind
    return kind


def workbook(
    name: str,
    readable: Callable[[int], Any],
    back: Callable[[int], str],
    book: Callable[[dict[str, Any]], BytesIO],
) -> RenderKind:
    """An Excel file that `book` makes of plain values: the job's source, as JSON (asked for
    with services.request_values)."""
    return register(
        RenderKind(
            name=name,
            readable=readable,
            back=back,
            load=lambda job: json.loads(job.source or "{}"),
            make=lambda shown, _step: book(shown).getvalue(),
            progress=N_("Excelファイルを作成しています"),
            title=N_("Excelファイルの作成"),
            mimetype=XLSX,
        )
    )


def get(name: str) -> RenderKind:
    if name not in KINDS:
        for module in DECLARING:
            importlib.import_module(module)
    return KINDS[name]
