"""Drafting an agreement: articles from the agreed items in legal wording, carried over from the
previous version, and the facilitator's edits of each article's wording (all audited)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import fonts
from negotiator.agreements import document
from negotiator.agreements.annex import cost_annex, cost_article
from negotiator.agreements.assembly import designation
from negotiator.agreements.models import (
    LIVE,
    Agreement,
    AgreementAnnex,
    AgreementArticle,
    Status,
    article_key,
)
from negotiator.agreements.plaintext import article_body
from negotiator.agreements.services import (
    CAPTION_LIMIT,
    AgreementError,
    current,
    editable,
    record,
)
from negotiator.agreements.wording import purpose_text
from negotiator.db import db
from negotiator.forms import CONTROL_MESSAGE, has_control
from negotiator.message import N_, say
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.workflow import State

PURPOSE_CAPTION = "目的"
COST_CAPTION = "経費の負担"


def create_draft(negotiation: Negotiation) -> Agreement:
    """A draft from the agreed items, or the current draft rebuilt from them.

    Articles the facilitator added, and edits of articles whose agreed text has not changed,
    are carried over from the previous version in the order the facilitator gave them.
    """
    latest = current(negotiation)
    if latest is not None and _executed(negotiation):
        # Once executed, the text changes only by a 変更協定 (amending.py), never by a new version.
        from negotiator.agreements.amending import redraft

        return redraft(latest)
    if latest is not None and latest.status in LIVE:
        raise AgreementError(
            _("この協議案件には有効な協定書(第%(n)d版)があります。", n=latest.number)
        )
    items = _agreed_items(negotiation)
    if not items:
        raise AgreementError(_("合意した協議事項がまだありません。"))
    rebuild = latest is not None and latest.status == Status.DRAFT
    agreement = latest if rebuild else _new_version(negotiation, latest)
    previous = list(latest.articles) if latest is not None else []
    tables = _cost_tables([item.revisions[-1].id for item in items])
    articles = _articles(agreement, items, previous, tables)
    db.session.add(agreement)
    replace_text(agreement, articles, tables)
    carried = [a.caption for a in articles if a.item_id is None]
    record(
        "agreement.rebuild" if rebuild else "agreement.draft",
        agreement,
        say(
            N_("協定書 第%(n)s版の草案を作り直し")
            if rebuild
            else N_("協定書 第%(n)s版の草案を作成"),
            n=agreement.number,
        ),
        after={"items": [i.id for i in items], "carried_articles": carried},
    )
    return agreement


def _executed(negotiation: Negotiation) -> bool:
    return (
        db.session.scalar(
            sa.select(Agreement.id).where(
                Agreement.negotiation_id == negotiation.id,
                Agreement.status == Status.EXECUTED.value,
            )
        )
        is not None
    )


def replace_text(agreement: Agreement, articles: list[AgreementArticle], tables: dict) -> None:
    """The version's articles and annexes become these, numbered in this order."""
    agreement.articles.clear()
    agreement.annexes.clear()
    db.session.flush()
    for position, article in enumerate(articles, start=1):
        article.position = position
        agreement.articles.append(article)
    for position, table in enumerate(tables.values(), start=1):
        agreement.annexes.append(_annex(position, table.data))
    db.session.flush()


def _agreed_items(negotiation: Negotiation) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(
                AgendaItem.negotiation_id == negotiation.id,
                AgendaItem.state == State.AGREED.value,
            )
            .order_by(AgendaItem.number)
        )
    )


def _new_version(negotiation: Negotiation, latest: Agreement | None) -> Agreement:
    return Agreement(
        negotiation=negotiation,
        number=(latest.number + 1) if latest else 1,
        title=latest.title if latest else f"{negotiation.title}に関する協定書",
        subject=latest.subject if latest else negotiation.title,
        term=latest.term if latest else "",
        effective_date=latest and latest.effective_date,
        signing_date=latest and latest.signing_date,
    )


def _cost_tables(revision_ids: list[int]) -> dict:  # revision id -> FrozenCostTable
    from negotiator.costs.models import FrozenCostTable

    tables = db.session.scalars(
        sa.select(FrozenCostTable)
        .where(FrozenCostTable.revision_id.in_(revision_ids))
        .order_by(FrozenCostTable.item_id)
    )
    return {table.revision_id: table for table in tables}


def _annex(position: int, data: dict) -> AgreementAnnex:
    annex = cost_annex(data)
    return AgreementAnnex(
        position=position,
        title=annex.title,
        columns=list(annex.columns),
        rows=[list(r) for r in annex.rows],
        notes=list(annex.notes),
    )


def _articles(
    agreement: Agreement, items: list[AgendaItem], previous: list, tables: dict
) -> list[AgreementArticle]:
    """Previous order kept; added articles and unchanged edits carried; new items at the end."""
    who = designation(document.parties(agreement.negotiation.consortium_id))
    annex_numbers = {rid: n for n, rid in enumerate(tables, start=1)}
    fresh = {item.id: item for item in items}
    result = []
    for old in sorted(previous, key=lambda a: a.position):
        if old.item_id is None:
            result.append(_copy(old))
        elif (item := fresh.pop(old.item_id, None)) is not None:
            same = old.revision_id == item.revisions[-1].id
            result.append(_copy(old) if same else _from_item(item, who, agreement, annex_numbers))
    result += [_from_item(i, who, agreement, annex_numbers) for i in fresh.values()]
    purpose = [a for a in result if a.caption.strip("()（）") == PURPOSE_CAPTION]
    if not purpose:
        result.insert(0, _article(PURPOSE_CAPTION, purpose_text(who, agreement.subject)))
    elif not previous:  # a first draft opens with its purpose; later ones keep their order
        result.remove(purpose[0])
        result.insert(0, purpose[0])
    return result


def _article(caption: str, body: str, **link: int) -> AgreementArticle:
    return AgreementArticle(
        caption=caption, body=body, original_caption=caption, original_body=body, **link
    )


def _copy(old: AgreementArticle) -> AgreementArticle:
    copy = _article(old.caption, old.body, item_id=old.item_id, revision_id=old.revision_id)
    copy.original_caption = old.original_caption or old.caption
    copy.original_body = old.body if old.original_body is None else old.original_body
    copy.origin_key = article_key(old)  # the same article in the next version
    return copy


def _from_item(
    item: AgendaItem, who: str, agreement: Agreement, annex_numbers: dict[int, int]
) -> AgreementArticle:
    revision = item.revisions[-1]
    if revision.id in annex_numbers:
        # A cost split becomes an obligation to pay as the annex says, not the proposal's prose.
        body = cost_article(who, agreement.subject, f"別表第{annex_numbers[revision.id]}")
        caption = COST_CAPTION
    else:
        body, caption = article_body(revision.text, item.title), item.title
    return _article(caption, body, item_id=item.id, revision_id=revision.id)


def follow_subject(agreement: Agreement, old: str, new: str) -> None:
    """The generated sentences that name the subject (目的, 経費の負担) follow a new subject,
    unless the facilitator has reworded them."""
    for article in agreement.articles:
        generated = article.caption in (PURPOSE_CAPTION, COST_CAPTION)
        if generated and old and article.body == article.original_body and old in article.body:
            article.body = article.original_body = article.body.replace(old, new)


def edit_article(
    agreement: Agreement, article: AgreementArticle, caption: str, body: str, version: int | None
) -> None:
    """Change an article's wording in the draft; every party sees the difference before signing."""
    editable(agreement, version)
    caption, body = caption.strip(), body.strip()
    if not caption:
        raise AgreementError(_("見出しを入力してください。"), "caption")
    if has_control(caption):
        raise AgreementError(str(CONTROL_MESSAGE), "caption")
    if len(caption) > CAPTION_LIMIT:
        raise AgreementError(_("見出しは100文字以内にしてください。"), "caption")
    if not body:
        raise AgreementError(_("本文を入力してください。"), "body")
    if message := fonts.problem(caption, body):
        raise AgreementError(message, "body")
    before = {"caption": article.caption, "body": article.body}
    article.caption, article.body = caption, body
    db.session.flush()
    record(
        "agreement.article_edit",
        agreement,
        say("第%(n)s条の文言を変更: %(caption)s", n=article.position, caption=caption),
        before=before,
        after={
            "caption": caption,
            "body": body,
            "item_id": article.item_id,
            "original_caption": article.original_caption,
            "original_body": article.original_body,
        },
    )
