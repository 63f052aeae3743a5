"""Agreement versions: drafting, freezing, signing, executing and superseding (all audited)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import fonts
from negotiator.agreements import document, signing_date
from negotiator.agreements.assembly import CONSULTATION_CAPTION, AssemblyError
from negotiator.agreements.era import era_year
from negotiator.agreements.models import (
    Agreement,
    AgreementArticle,
    AmendmentStyle,
    ExecutionMethod,
    Status,
)
from negotiator.audit import services as audit
from negotiator.db import db, same_version, utcnow
from negotiator.errors import FieldError
from negotiator.forms import CONTROL_MESSAGE, has_control
from negotiator.message import Message, say
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.workflow import State
from negotiator.renders.models import RenderJob


class AgreementError(FieldError):
    """A refused change to an agreement."""


CAPTION_LIMIT = 100  # agreement_article.caption is VARCHAR(100)
SETTINGS = (
    "title",
    "subject",
    "effective_date",
    "term",
    "signing_date",
    "include_consultation",
    "execution_method",
)


def record(action: str, agreement: Agreement, summary: Message, **kwargs: Any) -> None:
    """Audit an agreement event under its consortium."""
    audit.record(
        action, agreement, summary, consortium_id=agreement.negotiation.consortium_id, **kwargs
    )


def lock(agreement: Agreement) -> None:
    """Take the row lock (PostgreSQL) and reload, so concurrent signers queue up."""
    db.session.execute(
        sa.select(Agreement.id).where(Agreement.id == agreement.id).with_for_update()
    )
    db.session.refresh(agreement)


def current(negotiation: Negotiation) -> Agreement | None:
    """The newest version of the negotiation's agreement."""
    return db.session.scalars(
        sa.select(Agreement)
        .where(Agreement.negotiation_id == negotiation.id)
        .order_by(Agreement.number.desc())
    ).first()


def create_draft(negotiation: Negotiation) -> Agreement:
    """A draft from the negotiation's agreed items (see drafting.create_draft)."""
    from negotiator.agreements.drafting import create_draft as build

    return build(negotiation)


def editable(agreement: Agreement, version: int | None) -> None:
    if agreement.status != Status.DRAFT:
        raise AgreementError(
            _("署名に回した協定書は変更できません。変更するには新しい版を作成してください。")
        )
    # A missing or tampered version is a conflict too, never a way round the check.
    if not same_version(version, agreement.version):
        raise AgreementError(_("他の人が先にこの協定書を変更しました。読み込み直してください。"))


def update_settings(agreement: Agreement, data: dict[str, Any], version: int | None) -> None:
    editable(agreement, version)
    for field in ("title", "subject", "term"):
        if message := fonts.problem(data[field] or ""):
            raise AgreementError(message, field)
    for field in ("effective_date", "signing_date"):
        try:
            if data[field] is not None:
                era_year(data[field])  # the agreement prints dates in the Japanese era
        except ValueError:
            raise AgreementError(
                _("平成より前(1989年1月7日以前)の日付は使えません。"), field
            ) from None
    if data.get("execution_method") not in {m.value for m in ExecutionMethod}:
        raise AgreementError(_("締結の方法を選んでください。"), "execution_method")
    fields = SETTINGS
    if agreement.amends_id is not None:
        fields = (*SETTINGS, "amendment_style")
        if data.get("amendment_style") not in {s.value for s in AmendmentStyle}:
            raise AgreementError(_("変更の書き方を選んでください。"), "amendment_style")
    before = audit.snapshot(agreement, fields)
    data = {**data, "term": data.get("term") or ""}  # a field left out of the form is None
    if data["subject"] != agreement.subject:
        from negotiator.agreements.drafting import follow_subject

        follow_subject(agreement, agreement.subject, data["subject"])
    for name in fields:
        setattr(agreement, name, data[name])
    db.session.flush()
    record(
        "agreement.edit",
        agreement,
        say("協定書の基本事項を変更"),
        before=before,
        after=audit.snapshot(agreement, fields),
    )


def update_articles(
    agreement: Agreement, order: list[int], captions: dict[int, str], version: int | None
) -> None:
    """Reorder articles and change captions; the agreed text of an item never changes here."""
    editable(agreement, version)
    if any(has_control(caption) for caption in captions.values()):
        raise AgreementError(str(CONTROL_MESSAGE), "caption")
    if any(len(caption.strip()) > CAPTION_LIMIT for caption in captions.values()):
        raise AgreementError(_("見出しは100文字以内にしてください。"), "caption")
    by_id = {a.id: a for a in agreement.articles}
    if sorted(order) != sorted(by_id):
        raise AgreementError(_("条の並びが正しくありません。"))
    for position, article_id in enumerate(order, start=1):
        by_id[article_id].position = position
        by_id[article_id].caption = captions.get(article_id, by_id[article_id].caption).strip()
    if any(not a.caption for a in by_id.values()):
        raise AgreementError(_("見出しを入力してください。"), "caption")
    if message := fonts.problem(*captions.values()):
        raise AgreementError(message, "caption")
    db.session.flush()
    record(
        "agreement.articles",
        agreement,
        say("条の順序・見出しを変更"),
        after={"order": order, "captions": {str(k): v for k, v in captions.items()}},
    )


def add_standard_article(
    agreement: Agreement, caption: str, body: str, version: int | None
) -> AgreementArticle:
    editable(agreement, version)
    if message := fonts.problem(caption, body):
        raise AgreementError(message, "body")
    if caption.strip().strip("()（）") == CONSULTATION_CAPTION and agreement.include_consultation:
        raise AgreementError(_("協議の条は自動で入ります。"), "caption")
    caption, body = caption.strip(), body.strip()
    article = AgreementArticle(
        position=len(agreement.articles) + 1,
        caption=caption,
        body=body,
        original_caption=caption,
        original_body=body,
    )
    agreement.articles.append(article)
    db.session.flush()
    record(
        "agreement.article_add",
        agreement,
        say("条を追加: %(caption)s", caption=caption),
        after={"caption": caption, "body": body},
    )
    return article


def remove_article(agreement: Agreement, article: AgreementArticle, version: int | None) -> None:
    editable(agreement, version)
    if article.item_id is not None:
        raise AgreementError(_("合意した協議事項の条は削除できません。"))
    agreement.articles.remove(article)
    for position, other in enumerate(agreement.articles, start=1):
        other.position = position
    db.session.flush()
    record(
        "agreement.article_remove", agreement, say("条を削除: %(caption)s", caption=article.caption)
    )


def _check_agreed_as_drafted(agreement: Agreement) -> None:
    """Only what is agreed now may go out: an item reopened or revised since the draft was made
    needs the draft rebuilt first."""
    for article in agreement.articles:
        item = article.item
        if item is not None and (
            item.state != State.AGREED.value or item.revisions[-1].id != article.revision_id
        ):
            raise AgreementError(
                _(
                    "協議事項%(n)d「%(title)s」の合意が変わりました。草案を作り直してください。",
                    n=item.number,
                    title=item.title,
                )
            )


def send_for_signature(
    agreement: Agreement, version: int | None, *, allow_illustrative: bool = False
) -> RenderJob:
    """Freeze the content; from now on it can only be signed, once the signing original exists.

    The original is rendered (as sent, with no 草案 mark) and certified once, by a job queued
    when this commits (agreements.renders): these bytes, signed by every party, become the
    executed agreement. A failure there returns it to the draft, with the reason. An annex
    resting on example figures (例示) is sent only when `allow_illustrative` says so (the demo,
    a rehearsal).
    """
    editable(agreement, version)
    signing_date.check_before_sending(agreement)
    from negotiator.agreements import examples

    examples.check_sendable(agreement, allow_illustrative=allow_illustrative)
    if agreement.amends_id is not None:
        from negotiator.agreements.amending import check_sendable

        check_sendable(agreement)
    _check_agreed_as_drafted(agreement)
    try:
        agreement.content_json, agreement.content_hash = document.freeze(agreement)
    except AssemblyError as exc:
        raise AgreementError(str(exc)) from exc
    agreement.status = Status.PREPARING.value
    agreement.sent_at = utcnow()
    db.session.flush()
    record(
        "agreement.send",
        agreement,
        say("協定書 第%(n)s版を署名に回付", n=agreement.number),
        after={
            "content_hash": agreement.content_hash,
            "execution_method": agreement.execution_method,
        },
    )
    from negotiator.agreements.renders import request_signing

    return request_signing(agreement)


def supersede(agreement: Agreement, reason: str) -> None:
    """Retire a version out for signature; its signatures stay on record against it.

    An executed agreement is never retired here: it changes only by an amendment agreement.
    """
    if agreement.status == Status.EXECUTED:
        raise AgreementError(
            _("締結済みの協定書は廃止できません。変更するには変更協定を締結する必要があります。")
        )
    if agreement.status in (Status.SUPERSEDED, Status.DRAFT):
        return
    agreement.status = Status.SUPERSEDED.value
    agreement.superseded_at = utcnow()
    agreement.superseded_reason = reason
    db.session.flush()
    record(
        "agreement.supersede",
        agreement,
        say("協定書 第%(n)s版を廃止: %(reason)s", n=agreement.number, reason=reason),
        after={"reason": reason},
    )


def supersede_for_item(item: AgendaItem, reason: str) -> None:
    """Reopening an item supersedes every live version that includes it."""
    rows = (
        db.session.scalars(
            sa.select(Agreement)
            .join(AgreementArticle)
            .where(
                AgreementArticle.item_id == item.id,
                # An executed one stays as signed: the item was released by a 変更協定.
                Agreement.status.in_((Status.PREPARING.value, Status.OUT_FOR_SIGNATURE.value)),
            )
        )
        .unique()
        .all()
    )
    for agreement in rows:
        supersede(agreement, f"協議事項{item.number}「{item.title}」の再協議: {reason}")
    for article in db.session.scalars(
        sa.select(AgreementArticle)
        .join(Agreement)
        .where(
            AgreementArticle.item_id == item.id,
            Agreement.status == Status.DRAFT.value,
            # A 変更協定 draft holds the full text: the article stands as it is until rebuilt.
            Agreement.amends_id.is_(None),
        )
    ):
        # A draft holds the item's text as agreed; it no longer is. The rest of the draft
        # (and the articles the facilitator added) stays.
        draft = article.agreement
        draft.articles.remove(article)
        for position, other in enumerate(draft.articles, start=1):
            other.position = position
        record(
            "agreement.article_remove",
            draft,
            say(
                "草案 第%(n)s版から協議事項%(item)sの条を除いた(再協議)",
                n=draft.number,
                item=item.number,
            ),
        )
    db.session.flush()
