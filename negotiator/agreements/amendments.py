"""Amendment agreements (変更協定) read from the database: the original, the version whose text
stands now, the consolidated text (溶け込み版) and the amendment document's input."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa

from negotiator.agreements import document
from negotiator.agreements.amendment_assembly import AmendmentInput
from negotiator.agreements.assembly import AgreementInput
from negotiator.agreements.models import (
    IN_PROGRESS,
    Agreement,
    AgreementArticle,
    AmendmentItem,
    Status,
    article_key,
)
from negotiator.db import db
from negotiator.message import N_

# Printed on every page of the consolidated text: it is for reading, nobody signed it. The page
# shows it in the reader's language.
REFERENCE_MARK = N_("参考（溶け込み版）：署名された文書ではありません")


def original_of(agreement: Agreement) -> Agreement:
    """The agreement an amendment changes, or the agreement itself."""
    return agreement.amends if agreement.amends is not None else agreement


def amendments_of(original: Agreement) -> list[Agreement]:
    """Every amendment of the original, oldest first (whatever its status)."""
    return list(
        db.session.scalars(
            sa.select(Agreement)
            .where(Agreement.amends_id == original.id)
            .order_by(Agreement.number)
        )
    )


def in_progress(original: Agreement) -> Agreement | None:
    return db.session.scalar(
        sa.select(Agreement).where(
            Agreement.amends_id == original.id, Agreement.status.in_(IN_PROGRESS)
        )
    )


def standing(original: Agreement, *, before: int | None = None) -> Agreement:
    """The executed version whose text stands now: the original or its last executed amendment
    (only those numbered below `before`, for the base of an amendment)."""
    query = sa.select(Agreement).where(
        Agreement.amends_id == original.id, Agreement.status == Status.EXECUTED.value
    )
    if before is not None:
        query = query.where(Agreement.number < before)
    newest = db.session.scalars(query.order_by(Agreement.number.desc())).first()
    return newest if newest is not None else original


def base_of(amendment: Agreement) -> Agreement:
    """The version the amendment changes the text of."""
    return standing(original_of(amendment), before=amendment.number)


def keys(agreement: Agreement) -> tuple[str, ...]:
    return tuple(article_key(a) for a in agreement.articles)


def consolidated_input(agreement: Agreement) -> AgreementInput:
    """The full text as the version makes it stand; its 有効期間 always counts from the
    original's effective date (an amendment's own date is that of its 附則)."""
    inp = document.assembly_input(agreement)
    if agreement.amends is not None:
        inp = replace(inp, effective_date=agreement.amends.effective_date)
    return inp


def amendment_input(amendment: Agreement) -> AmendmentInput:
    original, base = original_of(amendment), base_of(amendment)
    return AmendmentInput(
        base=consolidated_input(base),
        base_keys=keys(base),
        new=consolidated_input(amendment),
        new_keys=keys(amendment),
        original_title=original.title,
        original_signing_date=original.signing_date,
        style=amendment.amendment_style or "",
        effective_date=amendment.effective_date,
        signing_date=amendment.signing_date,
        closing_style=document.closing_style(amendment),
    )


def released_item_ids(item_ids: list[int]) -> dict[int, Agreement]:
    """item id -> the amendment in progress that released it for negotiation."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        sa.select(AmendmentItem.item_id, Agreement)
        .join(Agreement, Agreement.id == AmendmentItem.agreement_id)
        .where(AmendmentItem.item_id.in_(item_ids), Agreement.status.in_(IN_PROGRESS))
    ).all()
    return {item_id: agreement for item_id, agreement in rows}


def base_item_articles(agreement: Agreement) -> list[AgreementArticle]:
    """The articles of the standing text that come from agenda items (for the start form)."""
    return [a for a in standing(original_of(agreement)).articles if a.item_id is not None]


def consolidated_version(agreement: Agreement) -> Agreement:
    """Whose text the 溶け込み版 shows: an amendment's own (as it will stand), else the text as
    it stands now (the original with every executed amendment)."""
    if agreement.amends_id is not None:
        return agreement
    return standing(agreement)
