"""What the agreement page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from negotiator.agreements import document
from negotiator.agreements.assembly import AssemblyError
from negotiator.agreements.era import to_japanese_era
from negotiator.agreements.forms import (
    EXECUTION_METHOD_LABELS,
    ArticleForm,
    PaperSignatureForm,
    ScanForm,
    SettingsForm,
    SupersedeForm,
    VersionForm,
)
from negotiator.agreements.models import Agreement
from negotiator.auth.permissions import roles_in
from negotiator.negotiation.queries import members_of


def era_of(value: dt.date | dt.datetime | None) -> str:
    """A date, or the Japan-time day of a moment, in the Japanese era (令和8年12月1日)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(ZoneInfo("Asia/Tokyo")).date()
    return to_japanese_era(value)


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
        "scan_form": ScanForm(),
        "closing_style": document.closing_style(agreement),
        "execution_method_labels": EXECUTION_METHOD_LABELS,
        "era": era_of,
    }
