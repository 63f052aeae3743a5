"""What the agreement page shows."""

from __future__ import annotations

from typing import Any

from negotiator.agreements import document
from negotiator.agreements.assembly import AssemblyError
from negotiator.agreements.forms import (
    ArticleForm,
    PaperSignatureForm,
    SettingsForm,
    SupersedeForm,
    VersionForm,
)
from negotiator.agreements.models import Agreement
from negotiator.auth.permissions import roles_in
from negotiator.negotiation.queries import members_of


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    roles = roles_in(agreement.negotiation.consortium_id)
    try:
        doc, problem = document.content(agreement), None
    except AssemblyError as exc:
        doc, problem = None, str(exc)
    version = {"version": agreement.version}
    return {
        "agreement": agreement,
        "negotiation": agreement.negotiation,
        "doc": doc,
        "problem": problem,
        "roles": roles,
        "members": members_of(agreement.negotiation.consortium_id),
        "signed": {s.member_id: s for s in agreement.signatures},
        "settings_form": SettingsForm(obj=agreement, data=version),
        "article_form": ArticleForm(data=version),
        "version_form": VersionForm(data=version),
        "paper_form": PaperSignatureForm(),
        "supersede_form": SupersedeForm(),
    }
