"""What the agreement page shows."""

from __future__ import annotations

from typing import Any

from negotiator.agreements import amendments, approvals, document, examples, renders, signing
from negotiator.agreements.assembly import AssemblyError, assemble
from negotiator.agreements.edits import edits
from negotiator.agreements.era import era_of
from negotiator.agreements.forms import (
    AMENDMENT_STYLE_LABELS,
    EXECUTION_METHOD_LABELS,
    ArticleForm,
    PaperSignatureForm,
    ScanForm,
    SendForm,
    SettingsForm,
    SupersedeForm,
    VersionForm,
)
from negotiator.agreements.models import Agreement, Status
from negotiator.agreements.parties import labels_by_name, parties_of, version_members
from negotiator.agreements.party_mentions import ArticleText, party_warnings
from negotiator.agreements.reading import passages
from negotiator.agreements.wording import style_problems
from negotiator.auth.permissions import roles_in
from negotiator.consortia.models import Member
from negotiator.i18n import reason_html, reason_text
from negotiator.renders.models import RenderJob, RenderState


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    roles = roles_in(agreement.negotiation.consortium_id)
    try:
        doc, problem = document.content(agreement), None
    except AssemblyError as exc:
        doc, problem = None, str(exc)
    style = []
    if agreement.status == "draft" and problem is None:
        assembled = assemble(amendments.consolidated_input(agreement))
        style = [reason_text(r) for r in style_problems(passages(assembled))]
    version = {"version": agreement.version}
    members = version_members(agreement)
    return {
        **_execution_status(agreement, members),
        "signing_job": _signing_job(agreement, problem),
        "agreement": agreement,
        "negotiation": agreement.negotiation,
        "doc": doc,
        "problem": problem,
        "style_problems": style,
        "edits": edits(agreement),
        "roles": roles,
        "members": members,
        "signed": {s.member_id: s for s in agreement.signatures},
        "settings_form": SettingsForm(obj=agreement, data=version),
        "article_form": ArticleForm(data=version),
        "version_form": VersionForm(data=version),
        "send_form": SendForm(data=version),
        "illustrative": examples.illustrative_in(agreement),
        "paper_form": PaperSignatureForm(),
        "supersede_form": SupersedeForm(),
        "scan_form": ScanForm(),
        "closing_style": document.closing_style(agreement),
        "execution_method_labels": EXECUTION_METHOD_LABELS,
        "era": era_of,
        **_amendment_context(agreement, roles),
    }


def _amendment_context(agreement: Agreement, roles: Any) -> dict[str, Any]:
    """The original and its amendments, both ways, and the form that starts one."""
    from negotiator.agreements import amending
    from negotiator.agreements.amendment_views import amendment_form

    original = amendments.original_of(agreement)
    listed = amendments.amendments_of(original)
    can_amend = (
        roles.facilitator and agreement.amends_id is None and amending.refusal(agreement) is None
    )
    return {
        "original": original if agreement.amends_id is not None else None,
        "amendments": listed,
        # 「変更あり」 marks the original; an amendment is not itself amended by its siblings.
        "amended": agreement.amends_id is None and any(a.status == Status.EXECUTED for a in listed),
        "can_amend": can_amend,
        "amend_form": amendment_form(agreement) if can_amend else None,
        "amend_open": False,
        "amendment_style_labels": AMENDMENT_STYLE_LABELS,
        "party_warnings": _party_warnings(agreement),
    }


def _party_warnings(agreement: Agreement) -> dict[int, list[str]]:
    """Article number -> what to reread in it, for a 変更協定 draft whose parties changed."""
    if agreement.amends_id is None or agreement.status != Status.DRAFT:
        return {}
    try:
        old = labels_by_name(parties_of(amendments.base_of(agreement)))
        new = labels_by_name(parties_of(agreement))
    except AssemblyError:  # fewer than two parties: the page shows that problem instead
        return {}
    texts = [ArticleText(n, a.body) for n, a in enumerate(agreement.articles, start=1)]
    found: dict[int, list[str]] = {}
    for warning in party_warnings(texts, old, new):
        found.setdefault(warning.number, []).append(reason_html(warning.reason))
    return found


def _execution_status(agreement: Agreement, members: list[Member]) -> dict[str, Any]:
    """Per member: its 決裁 record, and why it cannot sign yet (the signing service's answer)."""
    records = approvals.of_agreement(agreement)
    frozen = agreement.status in (Status.PREPARING, Status.OUT_FOR_SIGNATURE)
    need = approvals.required(agreement)
    return {
        "approvals": records,
        "approval_required": need,
        "refusals": {m.id: signing.refusal(agreement, m, records) for m in members},
        "progress": approvals.progress(
            agreement, members, records, {s.member_id for s in agreement.signatures}, need
        )
        if frozen
        else None,
    }


def _signing_job(agreement: Agreement, problem: str | None) -> RenderJob | None:
    """The signing original on its way, or why the last try failed (while the draft is as
    it was then: once changed, the reason may no longer hold)."""
    if agreement.status == Status.PREPARING:
        return renders.signing_job(agreement)
    if agreement.status != Status.DRAFT or problem is not None:
        return None
    job = renders.signing_job(agreement)
    if job is None or job.state != RenderState.FAILED:
        return None
    return job if job.content_hash == document.freeze(agreement)[1] else None
