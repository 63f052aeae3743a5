"""From the database to the agreement document (pure assembly), its HTML and its PDF."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import weasyprint
from flask import render_template

from negotiator.agreements.assembly import AgreementInput, AnnexInput, ArticleInput, Party, assemble
from negotiator.agreements.canonical import canonical_json, content_hash
from negotiator.agreements.models import Agreement, ExecutionMethod
from negotiator.negotiation.queries import members_of
from negotiator.pdf import render_pdf

# Fixed dates for the embedded JSON so that the same content always gives the same bytes.
EPOCH = dt.datetime(2019, 5, 1, tzinfo=dt.UTC)


def assembly_input(agreement: Agreement) -> AgreementInput:
    members = members_of(agreement.negotiation.consortium_id)
    return AgreementInput(
        title=agreement.title,
        subject=agreement.subject,
        parties=tuple(
            Party(m.name, m.address, m.representative_title, m.representative_name, m.party_label)
            for m in members
        ),
        articles=tuple(ArticleInput(a.caption, a.body) for a in agreement.articles),
        annexes=tuple(AnnexInput(x.title, x.columns, x.rows, x.notes) for x in agreement.annexes),
        effective_date=agreement.effective_date,
        term=agreement.term,
        signing_date=agreement.signing_date,
        include_consultation_article=agreement.include_consultation,
    )


def freeze(agreement: Agreement) -> tuple[str, str]:
    """The canonical JSON of the assembled document and its SHA-256 (hex)."""
    document = assemble(assembly_input(agreement))
    return canonical_json(document).decode("utf-8"), content_hash(document)


def content(agreement: Agreement) -> dict[str, Any]:
    """The document as plain data: frozen once sent, assembled live while a draft."""
    raw = agreement.content_json or freeze(agreement)[0]
    return json.loads(raw)["content"]


def closing_style(agreement: Agreement) -> str:
    """How the document closes: "paper" (記名押印 and 印) or "electronic" (電子署名, no 印)."""
    return "paper" if agreement.execution_method == ExecutionMethod.PAPER else "electronic"


def render_html(agreement: Agreement, *, for_pdf: bool, signing_original: bool = False) -> str:
    """`signing_original`: the PDF that the parties sign and that, signed, is the executed one
    (so it must carry no 草案 / 未締結 mark)."""
    template = "agreements/pdf.html" if for_pdf else "agreements/_document.html"
    return render_template(
        template,
        agreement=agreement,
        doc=content(agreement),
        closing_style=closing_style(agreement),
        signing_original=signing_original,
    )


def render_agreement_pdf(agreement: Agreement, *, signing_original: bool = False) -> bytes:
    """The PDF of this version; same content and signatures give the same bytes."""
    raw = agreement.content_json or freeze(agreement)[0]
    digest = agreement.content_hash or freeze(agreement)[1]
    attachment = weasyprint.Attachment(
        string=raw,
        base_url=None,
        name="agreement.json",
        description="協定書の内容(正規化JSON)",
        created=EPOCH,
        modified=EPOCH,
        # PDF/A-3: the JSON is the document's content as data (ISO 19005-3, AFRelationship).
        relationship="Data",
    )
    return render_pdf(
        render_html(agreement, for_pdf=True, signing_original=signing_original),
        identifier=digest[:32].encode(),
        attachments=[attachment],
    )
