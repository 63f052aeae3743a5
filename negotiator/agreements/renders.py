"""The agreement's renders as jobs: the signing original made when it is sent, and the
provisional PDF of a draft (see negotiator.renders)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from negotiator import events
from negotiator.agreements import document, execution
from negotiator.agreements.models import Agreement, Status
from negotiator.agreements.services import lock, record
from negotiator.audit.services import system_actor
from negotiator.auth.permissions import can_view_consortium, require
from negotiator.db import db
from negotiator.message import N_, say
from negotiator.pdf import MissingGlyphError
from negotiator.renders import kinds, services
from negotiator.renders.models import RenderJob

# For the domains above (negotiator.events): payloads as named.
AGREEMENT_SENT = "agreements.sent"  # agreement

SIGNING = "agreement.signing"
PROVISIONAL = "agreement.pdf"
MAKER = system_actor(N_("署名用PDF作成"))


def _readable(agreement_id: int) -> None:
    agreement = db.get_or_404(Agreement, agreement_id)
    require(can_view_consortium(agreement.negotiation.consortium_id))


def _back(agreement_id: int) -> str:
    return url_for("agreements.show", agreement_id=agreement_id)


def _requester() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None


def request_signing(agreement: Agreement) -> RenderJob:
    """Queue the signing original of an agreement just frozen (status preparing)."""
    return services.request(
        SIGNING,
        agreement.id,
        agreement.content_hash or "",
        user_id=_requester(),
        filename=f"agreement-{agreement.negotiation_id}-v{agreement.number}.pdf",
    )


def signing_job(agreement: Agreement) -> RenderJob | None:
    return services.latest(SIGNING, agreement.id)


def _preparing(job: RenderJob) -> Agreement:
    agreement = db.session.get(Agreement, job.subject_id)
    if agreement is None or agreement.status != Status.PREPARING:
        raise execution.ExecutionError(_("この協定書は署名用PDFの作成を待っていません。"))
    return agreement


def _store_signing(job: RenderJob, data: bytes) -> None:
    agreement = _preparing(job)
    lock(agreement)
    _preparing(job)  # again under the lock: superseded meanwhile, it stays so
    execution.set_current_pdf(agreement, data)
    agreement.status = Status.OUT_FOR_SIGNATURE.value
    db.session.flush()
    record(
        "agreement.prepared",
        agreement,
        say("協定書 第%(n)s版の署名用PDFを作成", n=agreement.number),
        after={"content_hash": agreement.content_hash, "pdf_sha256": agreement.current_pdf_sha256},
        actor=MAKER,
    )
    # Only now can anyone sign: the signatories hear of it now, and the liaisons who still
    # have to record their 決裁 first, where the council requires it.
    events.emit(AGREEMENT_SENT, agreement=agreement)
    from negotiator.agreements import approvals

    approvals.request(agreement)


def _signing_failed(job: RenderJob) -> None:
    """Back to the draft it was, with the reason (shown on the agreement page)."""
    agreement = db.session.get(Agreement, job.subject_id)
    if agreement is None or agreement.status != Status.PREPARING:
        return
    lock(agreement)
    agreement.status = Status.DRAFT.value
    agreement.content_json = agreement.content_hash = None
    agreement.sent_at = None
    agreement.current_pdf = agreement.current_pdf_sha256 = None
    db.session.flush()
    record(
        "agreement.send_failed",
        agreement,
        say(
            "協定書 第%(n)s版の署名用PDFを作成できず草案に戻した: %(error)s",
            n=agreement.number,
            error=job.error,
        ),
        after={"error": job.error},
        actor=MAKER,
    )


kinds.register(
    kinds.RenderKind(
        name=SIGNING,
        readable=_readable,
        back=_back,
        load=lambda job: execution.signing_source(_preparing(job)),
        make=execution.make_signing_pdf,
        store=_store_signing,
        failed=_signing_failed,
        progress=execution.RENDERING,
    )
)


def provisional_pdf(agreement: Agreement) -> RenderJob:
    """The PDF for checking (案（未締結） on each page), by content: asked twice, one job."""
    html, raw = document.pdf_source(agreement)
    return services.request(
        PROVISIONAL,
        agreement.id,
        services.digest(html, raw),
        user_id=_requester(),
        filename=f"agreement-{agreement.negotiation_id}-v{agreement.number}-{agreement.status}.pdf",
        source=html,
        attachment=raw,
    )


def _make_provisional(source: tuple[str, str], _step: Any) -> bytes:
    try:
        return document.pdf_from_source(*source)
    except MissingGlyphError as exc:
        raise execution.ExecutionError(
            _("印刷できない文字があります: %(chars)s", chars=" ".join(exc.characters))
        ) from exc


kinds.register(
    kinds.RenderKind(
        name=PROVISIONAL,
        readable=_readable,
        back=_back,
        load=lambda job: (job.source or "", job.attachment or ""),
        make=_make_provisional,
    )
)
