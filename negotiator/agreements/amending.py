"""Changing an executed agreement by a 変更協定: starting it, drafting it, checking it before it
goes out (all audited). The original's bytes, status and signatures are never touched."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import fonts
from negotiator.agreements import amendments, document
from negotiator.agreements.amendment_assembly import has_changes
from negotiator.agreements.assembly import designation
from negotiator.agreements.drafting import _copy, _cost_tables, _from_item, replace_text

# The ordinary draft's own steps (copy an article, word an item, annex a cost table), reused.
from negotiator.agreements.era import to_japanese_era
from negotiator.agreements.models import (
    Agreement,
    AgreementAnnex,
    AgreementArticle,
    AmendmentItem,
    AmendmentStyle,
    Status,
    article_key,
)
from negotiator.agreements.services import AgreementError, lock, record
from negotiator.db import db
from negotiator.message import N_, say
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.workflow import State


def refusal(agreement: Agreement) -> str | None:
    """Why no 変更協定 can be started on this agreement now; None when one can."""
    original = amendments.original_of(agreement)
    if original.status != Status.EXECUTED:
        return _("変更協定は締結済みの協定書についてのみ始められます。")
    if (running := amendments.in_progress(original)) is not None:
        return _("この協定書には作成中の変更協定(第%(n)d版)があります。", n=running.number)
    return None


def start(agreement: Agreement, item_ids: list[int], reason: str) -> Agreement:
    """A 変更協定 draft for the executed agreement, holding its full text as it stands now;
    the chosen items are released for negotiation until the amendment is executed or retired."""
    original = amendments.original_of(agreement)
    lock(original)  # two facilitators starting at once: the second waits, then is refused
    if message := refusal(original):
        raise AgreementError(message)
    reason = reason.strip()
    if not reason:
        raise AgreementError(_("変更の理由を入力してください。"), "reason")
    if message := fonts.problem(reason):
        raise AgreementError(message, "reason")
    base = amendments.standing(original)
    offered = {a.item_id for a in base.articles if a.item_id is not None}
    if not set(item_ids) <= offered:
        raise AgreementError(_("協定書に含まれない協議事項は選べません。"), "items")
    amendment = _new_amendment(original, base, reason)
    amendment.released = [AmendmentItem(item_id=i) for i in sorted(set(item_ids))]
    db.session.add(amendment)
    db.session.flush()
    after = {"amendment_id": amendment.id, "items": sorted(set(item_ids)), "reason": reason}
    record(
        "agreement.amend",
        original,
        say("変更協定(第%(n)s版)を開始: %(reason)s", n=amendment.number, reason=reason),
        after=after,
    )
    record(
        "agreement.draft",
        amendment,
        say("変更協定 第%(n)s版の草案を作成", n=amendment.number),
        after=after,
    )
    return amendment


def _new_amendment(original: Agreement, base: Agreement, reason: str) -> Agreement:
    latest = db.session.scalar(
        sa.select(sa.func.max(Agreement.number)).where(
            Agreement.negotiation_id == original.negotiation_id
        )
    )
    amendment = Agreement(
        negotiation_id=original.negotiation_id,
        number=(latest or 0) + 1,
        title=base.title,
        subject=base.subject,
        term=base.term,
        include_consultation=base.include_consultation,
        execution_method=base.execution_method,
        amends_id=original.id,
        amendment_style=AmendmentStyle.KAIMEBUN.value,
        amendment_reason=reason,
    )
    amendment.articles = [_copy(a) for a in base.articles]
    for position, article in enumerate(amendment.articles, start=1):
        article.position = position
    amendment.annexes = [_annex_copy(x) for x in base.annexes]
    return amendment


def _annex_copy(annex: AgreementAnnex) -> AgreementAnnex:
    return AgreementAnnex(
        position=annex.position,
        title=annex.title,
        columns=list(annex.columns),
        rows=[list(r) for r in annex.rows],
        notes=list(annex.notes),
    )


def redraft(latest: Agreement) -> Agreement:
    """The create_draft path for a negotiation whose agreement was executed: rebuild the
    amendment draft, or continue a retired amendment as a new version; never an ordinary one."""
    if latest.amends_id is None or latest.status not in (Status.DRAFT, Status.SUPERSEDED):
        raise AgreementError(
            _("締結済みの協定書を変更するには、協定書の画面から変更協定を始めてください。")
        )
    rebuild = latest.status == Status.DRAFT
    if rebuild:
        amendment = latest
    else:
        original = amendments.original_of(latest)
        if amendments.in_progress(original) is not None:
            raise AgreementError(_("この協定書には作成中の変更協定があります。"))
        amendment = _continued(latest)
    articles = _articles(amendment, sorted(latest.articles, key=lambda a: a.position))
    _replace_text(amendment, articles)
    record(
        "agreement.rebuild" if rebuild else "agreement.draft",
        amendment,
        say(
            N_("変更協定 第%(n)s版の草案を作り直し")
            if rebuild
            else N_("変更協定 第%(n)s版の草案を作成"),
            n=amendment.number,
        ),
        after={"articles": [article_key(a) for a in articles]},
    )
    return amendment


def _continued(retired: Agreement) -> Agreement:
    amendment = _new_amendment(retired.amends, retired, retired.amendment_reason)
    amendment.amendment_style = retired.amendment_style
    amendment.effective_date = retired.effective_date
    amendment.released = [AmendmentItem(item_id=r.item_id) for r in retired.released]
    db.session.add(amendment)
    db.session.flush()
    return amendment


def _replace_text(amendment: Agreement, articles: list[AgreementArticle]) -> None:
    tables = _cost_tables([a.revision_id for a in articles if a.revision_id is not None])
    replace_text(amendment, articles, tables)


def _articles(amendment: Agreement, previous: list[AgreementArticle]) -> list[AgreementArticle]:
    """The draft's text with each released item's article as now agreed (gone if withdrawn);
    the facilitator's added articles and edits carried over, in the draft's order."""
    released = {r.item_id: r.item for r in amendment.released}
    who = designation(document.parties(amendment.negotiation.consortium_id))
    numbers = _annex_numbers(previous, released)
    result, seen = [], set()
    for old in previous:
        item = released.get(old.item_id) if old.item_id is not None else None
        if item is None:
            result.append(_copy(old))
            continue
        seen.add(item.id)
        if item.state == State.WITHDRAWN.value:
            continue
        fresh = item.state == State.AGREED.value and old.revision_id != item.revisions[-1].id
        result.append(_from_item(item, who, amendment, numbers) if fresh else _copy(old))
    base_order = [article_key(a) for a in amendments.base_of(amendment).articles]
    for item in released.values():
        if item.id not in seen and item.state == State.AGREED.value:
            article = _from_item(item, who, amendment, numbers)
            _insert(result, article, base_order)
    return result


def _annex_numbers(previous: list[AgreementArticle], released: dict[int, AgendaItem]) -> dict:
    revisions = [
        released[a.item_id].revisions[-1].id if a.item_id in released else a.revision_id
        for a in previous
        if a.revision_id is not None
    ]
    return {rid: n for n, rid in enumerate(_cost_tables(revisions), start=1)}


def _insert(result: list, article: AgreementArticle, base_order: list[str]) -> None:
    """Back where the standing text had it (after the article before it), else at the end."""
    key = article_key(article)
    if key in base_order:
        earlier = set(base_order[: base_order.index(key)])
        at = max((i + 1 for i, a in enumerate(result) if article_key(a) in earlier), default=0)
        result.insert(at, article)
    else:
        result.append(article)


def check_sendable(amendment: Agreement) -> None:
    """Every released item settled (agreed or withdrawn) and something actually changed."""
    for row in amendment.released:
        if row.item.state not in (State.AGREED.value, State.WITHDRAWN.value):
            raise AgreementError(
                _(
                    "協議事項%(n)d「%(title)s」は、まだ合意または取下げに至っていません。",
                    n=row.item.number,
                    title=row.item.title,
                )
            )
        if row.item.state == State.WITHDRAWN.value and any(
            a.item_id == row.item_id for a in amendment.articles
        ):
            raise AgreementError(
                _(
                    "協議事項%(n)dが取り下げられました。草案を作り直してください。",
                    n=row.item.number,
                )
            )
    if not has_changes(amendments.amendment_input(amendment)):
        raise AgreementError(_("変更する内容がありません。条の文言か協議事項を変更してください。"))
    if amendment.effective_date is None:
        raise AgreementError(_("変更協定の効力発生日を入力してください。"), "effective_date")
    base = amendments.base_of(amendment)
    if amendment.signing_date and base.signing_date and amendment.signing_date < base.signing_date:
        # The preamble cites the text it changes as concluded on that date.
        raise AgreementError(
            _(
                "締結日は、変更する協定書の締結日(%(date)s)以後の日付にしてください。",
                date=to_japanese_era(base.signing_date),
            ),
            "signing_date",
        )
