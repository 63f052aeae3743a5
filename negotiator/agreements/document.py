"""From the database to the agreement document (pure assembly), its HTML and its PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from flask import render_template

from negotiator.agreements.assembly import (
    ELECTRONIC,
    PAPER,
    AgreementInput,
    AnnexInput,
    ArticleInput,
    Party,
    assemble,
)
from negotiator.agreements.canonical import canonical_json, content_hash
from negotiator.agreements.models import Agreement, ExecutionMethod, Status
from negotiator.negotiation.queries import members_of
from negotiator.pdf import render_pdf, weasyprint_module

# Fixed dates for the embedded JSON so that the same content always gives the same bytes.
EPOCH = dt.datetime(2019, 5, 1, tzinfo=dt.UTC)


def closing_style(agreement: Agreement) -> str:
    """How this agreement is executed, for its closing formula: "electronic" (電子署名, no 印)
    or "paper" (記名押印 and 印). The one place that decides it."""
    return PAPER if agreement.execution_method == ExecutionMethod.PAPER else ELECTRONIC


def parties(consortium_id: int) -> tuple[Party, ...]:
    """The consortium's members as parties of its agreements."""
    return tuple(
        Party(m.name, m.address, m.representative_title, m.representative_name, m.party_label)
        for m in members_of(consortium_id)
    )


def assembly_input(agreement: Agreement) -> AgreementInput:
    from negotiator.agreements.parties import parties_of

    return AgreementInput(
        title=agreement.title,
        subject=agreement.subject,
        # A frozen version keeps its parties; a draft has the current members (parties.py).
        parties=parties_of(agreement),
        articles=tuple(ArticleInput(a.caption, a.body) for a in agreement.articles),
        annexes=tuple(AnnexInput(x.title, x.columns, x.rows, x.notes) for x in agreement.annexes),
        effective_date=agreement.effective_date,
        term=agreement.term,
        signing_date=agreement.signing_date,
        include_consultation_article=agreement.include_consultation,
        closing_style=closing_style(agreement),
    )


def assembled(agreement: Agreement) -> Any:
    """The document: an agreement (Document), or a 変更協定 (AmendmentDocument)."""
    if agreement.amends_id is not None:
        from negotiator.agreements.amendment_assembly import assemble_amendment
        from negotiator.agreements.amendments import amendment_input

        return assemble_amendment(amendment_input(agreement))
    return assemble(assembly_input(agreement))


def freeze(agreement: Agreement) -> tuple[str, str]:
    """The canonical JSON of the assembled document and its SHA-256 (hex)."""
    document = assembled(agreement)
    return canonical_json(document).decode("utf-8"), content_hash(document)


def content(agreement: Agreement) -> dict[str, Any]:
    """The document as plain data: frozen once sent, assembled live while a draft."""
    raw = agreement.content_json or freeze(agreement)[0]
    return json.loads(raw)["content"]


def render_html(agreement: Agreement, *, for_pdf: bool, provisional: bool | None = None) -> str:
    """The document as HTML; `provisional` (default: not executed) marks every page 案（未締結）."""
    template = "agreements/pdf.html" if for_pdf else "agreements/_document.html"
    if provisional is None:
        provisional = agreement.status != Status.EXECUTED
    return render_template(
        template, agreement=agreement, doc=content(agreement), provisional=provisional
    )


def pdf_source(agreement: Agreement, *, provisional: bool | None = None) -> tuple[str, str]:
    """What the PDF is made of: the HTML and the canonical JSON embedded in it (quick)."""
    raw = agreement.content_json or freeze(agreement)[0]
    return render_html(agreement, for_pdf=True, provisional=provisional), raw


def pdf_from_source(html: str, raw: str) -> bytes:
    """The slow part, with no database: WeasyPrint. Same source, same bytes."""
    attachment = weasyprint_module().Attachment(
        string=raw,
        base_url=None,
        name="agreement.json",
        description="協定書の内容(正規化JSON)",
        created=EPOCH,
        modified=EPOCH,
        # PDF/A-3: the JSON is the document's content as data (ISO 19005-3, AFRelationship).
        relationship="Data",
    )
    # The content hash (SHA-256 of the canonical JSON) names the document.
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return render_pdf(html, identifier=digest[:32].encode(), attachments=[attachment])


def render_agreement_pdf(agreement: Agreement, *, provisional: bool | None = None) -> bytes:
    """The PDF of this version; same content and signatures give the same bytes.

    Every PDF but the executed original is provisional, marked 案（未締結） on each page; pass
    provisional=False when rendering what becomes the original before the status says so.
    """
    return pdf_from_source(*pdf_source(agreement, provisional=provisional))
