"""Example figures (例示) under an agreement's annexes: shown on the draft, refused at sending.

The cost tables record which indicators were examples; the cost amounts and quotes are marked
on their rows. A 別表 the parties sign states its figures as the terms they agree to, so it
prints no 例示 caveat (annex.py): the page says it instead, and sending such a text for
signature is refused unless the sender says it is a demonstration or a rehearsal.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator.agreements.annex import illustrative_figures
from negotiator.agreements.drafting import _cost_tables
from negotiator.agreements.models import Agreement
from negotiator.agreements.services import AgreementError
from negotiator.db import db


def illustrative_in(agreement: Agreement) -> list[str]:
    """Per annex resting on example figures: 「別表第1(初期費用の額、システム利用者数)」."""
    from negotiator.costs.models import CostCategory, CostQuote

    revisions = [a.revision_id for a in agreement.articles if a.revision_id is not None]
    tables = list(_cost_tables(revisions).values())
    ids = {c["id"] for t in tables for c in t.data.get("categories", [])}
    if not ids:
        return []
    amounts = set(
        db.session.scalars(
            sa.select(CostCategory.id).where(CostCategory.id.in_(ids), CostCategory.illustrative)
        )
    )
    quotes = set(
        db.session.scalars(
            sa.select(CostQuote.category_id).where(
                CostQuote.category_id.in_(ids), CostQuote.illustrative
            )
        )
    )
    found = []
    for number, table in enumerate(tables, start=1):
        if figures := illustrative_figures(table.data, amounts, quotes):
            found.append(f"別表第{number}({'、'.join(figures)})")
    return found


def check_sendable(agreement: Agreement, *, allow_illustrative: bool) -> None:
    """Refuse to send example figures for signature, unless explicitly allowed."""
    found = illustrative_in(agreement)
    if found and not allow_illustrative:
        raise AgreementError(
            _(
                "別表に例示(架空の値)の数値があるため、署名に回せません: %(figures)s。"
                "実際の数値を入力して負担表を提案し直し、草案を作り直してください。"
                "デモや研修で例示のまま締結する場合は「例示の数値のまま署名に回す」を選んでください。",
                figures="、".join(found),
            )
        )
