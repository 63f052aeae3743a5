"""修正案: another member's proposed wording of an item, accepted as the next revision (credited
to that member) or declined with a reason by the item's proposer or the facilitator.

A 修正案 written on an older revision can still be accepted, but only from its page, which
always shows the diff against the current text: the accept form carries the revision that page
showed, and a revision made since then refuses the accept until the user has seen the new diff.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db, same_version, utcnow
from negotiator.forms import text_problem
from negotiator.message import N_, Message, say
from negotiator.negotiation import services, workflow
from negotiator.negotiation.discussion_models import Suggestion, SuggestionState
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.services import ConflictError, NegotiationError
from negotiator.paging import prepared

OPEN = SuggestionState.OPEN.value
STATE_LABELS = {
    SuggestionState.OPEN.value: N_("検討中"),
    SuggestionState.ACCEPTED.value: N_("採用"),
    SuggestionState.DECLINED.value: N_("不採用"),
    SuggestionState.WITHDRAWN.value: N_("取下げ"),
}


def _record(action: str, item: AgendaItem, summary: Message, **kwargs: Any) -> None:
    audit.record(action, item, summary, consortium_id=item.negotiation.consortium_id, **kwargs)


def _open_item(item: AgendaItem) -> None:
    if not workflow.accepts_positions(workflow.State(item.state)):
        raise NegotiationError(_("この状態の協議事項の提案文は変更できません。"), "text")


def propose(item: AgendaItem, member: Member, data: dict[str, Any], author: User) -> Suggestion:
    """A 修正案 of `member` against the revision the form showed (`base_revision`)."""
    services._lock(AgendaItem, item.id)
    db.session.refresh(item)
    _open_item(item)
    if data["base_revision"] != item.current_revision:
        raise ConflictError(
            _(
                "提案文が第%(n)d版に更新されました。最新の版を確認してから修正案を作り直してください。",
                n=item.current_revision,
            ),
            "text",
        )
    text, reason = data["text"], (data.get("reason") or "").strip()
    if message := text_problem(text):
        raise NegotiationError(message, "text")
    if item.revisions and item.revisions[-1].text == text:
        raise NegotiationError(_("提案文が変わっていません。"), "text")
    if not reason:
        raise NegotiationError(_("修正の理由を入力してください。"), "reason")
    if message := text_problem(reason):
        raise NegotiationError(message, "reason")
    suggestion = Suggestion(
        item_id=item.id,
        member_id=member.id,
        author_id=author.id,
        base_revision=item.current_revision,
        text=text,
        reason=reason,
    )
    db.session.add(suggestion)
    db.session.flush()
    summary = say(
        "%(member)sが修正案を提出(第%(n)s版に対して)", member=member.name, n=item.current_revision
    )
    _record("suggestion.propose", item, summary, after=_facts(suggestion, member) | {"text": text})
    return suggestion


def _facts(suggestion: Suggestion, member: Member) -> dict[str, Any]:
    return {"suggestion_id": suggestion.id, "member": member.name, "reason": suggestion.reason}


def _still_open(suggestion: Suggestion, version: int | None) -> AgendaItem:
    services._lock(Suggestion, suggestion.id)
    db.session.refresh(suggestion)
    if not same_version(version, suggestion.version) or suggestion.state != OPEN:
        raise ConflictError(_("この修正案は先に処理されました。読み込み直してください。"))
    return db.session.get(AgendaItem, suggestion.item_id)


def _close(suggestion: Suggestion, state: SuggestionState, user: User) -> None:
    suggestion.state = state.value
    suggestion.decided_by_id = user.id
    suggestion.decided_at = utcnow()


def accept(suggestion: Suggestion, user: User, version: int | None, seen_revision: int) -> None:
    """Make the 修正案 the item's next revision, credited to its member in the change note."""
    item = _still_open(suggestion, version)
    if seen_revision != item.current_revision:
        raise ConflictError(
            _(
                "提案文が第%(n)d版に更新されました。現在の版との差分を確認してから採用してください。",
                n=item.current_revision,
            )
        )
    member = suggestion.member
    # The change note is the record's text: Japanese, whatever the language of the page.
    note = say("%(member)sの修正案による", member=member.name).text
    revision = services.add_revision(
        item,
        suggestion.text,
        note,
        user,
        base_revision=item.current_revision,
        suggested_by=(suggestion.id, member.name),
    )
    _close(suggestion, SuggestionState.ACCEPTED, user)
    suggestion.revision_id = revision.id
    db.session.flush()
    summary = say("%(member)sの修正案を採用(第%(n)s版)", member=member.name, n=revision.number)
    _record("suggestion.accept", item, summary, after=_facts(suggestion, member))


def decline(suggestion: Suggestion, user: User, version: int | None, reason: str) -> None:
    item = _still_open(suggestion, version)
    reason = reason.strip()
    if not reason:
        raise NegotiationError(_("不採用の理由を入力してください。"), "reason")
    if message := text_problem(reason):
        raise NegotiationError(message, "reason")
    _close(suggestion, SuggestionState.DECLINED, user)
    suggestion.decline_reason = reason
    db.session.flush()
    member = suggestion.member
    summary = say("%(member)sの修正案を不採用: %(reason)s", member=member.name, reason=reason)
    _record("suggestion.decline", item, summary, after=_facts(suggestion, member))


def withdraw(suggestion: Suggestion, user: User, version: int | None) -> None:
    item = _still_open(suggestion, version)
    _close(suggestion, SuggestionState.WITHDRAWN, user)
    db.session.flush()
    member = suggestion.member
    summary = say("%(member)sが修正案を取下げ", member=member.name)
    _record("suggestion.withdraw", item, summary, after=_facts(suggestion, member))


def of_item(item: AgendaItem) -> list[Suggestion]:
    """The item's 修正案, open ones first, then the newest."""
    return list(db.session.scalars(_of_item(), {"item": item.id}))


@prepared
def _of_item() -> sa.Select:
    return (
        sa.select(Suggestion)
        .where(Suggestion.item_id == sa.bindparam("item"))
        .options(
            selectinload(Suggestion.member),
            selectinload(Suggestion.author),
            selectinload(Suggestion.decided_by),
        )
        .order_by((Suggestion.state == OPEN).desc(), Suggestion.id.desc())
    )
