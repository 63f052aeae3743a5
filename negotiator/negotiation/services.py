"""Changing negotiations: items, proposal revisions, positions, conditions, state moves.

Every function here writes through the audit log; views commit once afterwards.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import events, fonts
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db, same_version, utcnow
from negotiator.errors import FieldError
from negotiator.i18n import reason_text
from negotiator.message import Message, label, say
from negotiator.negotiation import queries, rules, summaries, workflow
from negotiator.negotiation.models import (
    AgendaItem,
    Negotiation,
    Position,
    PositionCondition,
    ProposalRevision,
    StateChange,
)
from negotiator.negotiation.workflow import State

# What happens to items, for the domains above (negotiator.events): payloads as named here.
ITEM_PROPOSED = "negotiation.item_proposed"  # item, author
ITEM_REVISED = "negotiation.item_revised"  # item, revision, author
POSITION_RECORDED = "negotiation.position_recorded"  # item, position, user
ITEM_REOPENED = "negotiation.item_reopened"  # item, reason (before the move is recorded)
ITEM_MOVED = "negotiation.item_moved"  # item, change, user


class NegotiationError(FieldError):
    """A refused change to a negotiation, item or position."""


class ConflictError(NegotiationError):
    """Someone else changed the same thing first."""


class ConfirmationNeeded(NegotiationError):
    """The move would void an agreement out for signature; ask the user to confirm it."""

    def __init__(self, hold: workflow.AgreementHold) -> None:
        message = _(
            "%(agreement)sが署名中です。再協議にすると、この版は廃止されます。",
            agreement=hold.title,
        )
        super().__init__(message)
        self.hold = hold


def create_negotiation(consortium: Consortium, data: dict[str, Any]) -> Negotiation:
    exists = db.session.scalar(
        sa.select(Negotiation.id).where(
            Negotiation.consortium_id == consortium.id, Negotiation.title == data["title"]
        )
    )
    if exists:
        raise NegotiationError(_("同じ名前の協議案件が既にあります。"), "title")
    negotiation = Negotiation(consortium=consortium, **data)
    db.session.add(negotiation)
    db.session.flush()
    audit.record(
        "negotiation.create",
        negotiation,
        say("協議案件「%(title)s」を作成", title=negotiation.title),
        after=data,
        consortium_id=consortium.id,
    )
    return negotiation


def _lock(model: Any, obj_id: int) -> None:
    # Serialises writers of the same row on PostgreSQL; SQLite already holds its write lock.
    db.session.execute(sa.select(model.id).where(model.id == obj_id).with_for_update())


def _record(action: str, item: AgendaItem, summary: Message, **kwargs: Any) -> None:
    audit.record(action, item, summary, consortium_id=item.negotiation.consortium_id, **kwargs)


def propose_item(
    negotiation: Negotiation, data: dict[str, Any], text: str, author: User
) -> AgendaItem:
    """A new agenda item with the next number and its first proposal revision."""
    _lock(Negotiation, negotiation.id)
    number = (
        db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.max(AgendaItem.number), 0)).where(
                AgendaItem.negotiation_id == negotiation.id
            )
        )
        + 1
    )
    item = AgendaItem(negotiation=negotiation, number=number, state=State.PROPOSED.value, **data)
    db.session.add(item)
    db.session.flush()
    summary = say("協議事項%(number)s「%(title)s」を提案", number=number, title=item.title)
    _record("item.propose", item, summary, after=data)
    add_revision(item, text, "", author, base_revision=0)
    events.emit(ITEM_PROPOSED, item=item, author=author)
    return item


ITEM_FIELDS = ("title", "category", "description", "proposing_member_id", "rule_override")


def edit_item(item: AgendaItem, data: dict[str, Any], version: int | None) -> None:
    if not same_version(version, item.version):
        raise ConflictError(_("他の人が先にこの協議事項を変更しました。読み込み直してください。"))
    before = audit.snapshot(item, ITEM_FIELDS)
    for name in ITEM_FIELDS:
        setattr(item, name, data[name])
    db.session.flush()
    _record(
        "item.edit",
        item,
        say("協議事項%(number)sを編集", number=item.number),
        before=before,
        after=audit.snapshot(item, ITEM_FIELDS),
    )


def add_revision(
    item: AgendaItem,
    text: str,
    note: str,
    author: User,
    *,
    base_revision: int,
    suggested_by: tuple[int, str] | None = None,
) -> ProposalRevision:
    """Make the next revision, unless someone else revised the text since `base_revision`;
    `suggested_by` (修正案 id, member name) credits an accepted 修正案 in the record."""
    _lock(AgendaItem, item.id)
    db.session.refresh(item)
    if base_revision != item.current_revision:
        raise ConflictError(
            _(
                "編集中に他の人が提案文を第%(n)d版に更新しました。最新の版を確認してから編集し直してください。",
                n=item.current_revision,
            ),
            "text",
        )
    if not workflow.accepts_positions(State(item.state)):
        raise NegotiationError(_("この状態の協議事項の提案文は変更できません。"), "text")
    if message := fonts.problem(text):
        raise NegotiationError(message, "text")
    if item.revisions and item.revisions[-1].text == text:
        raise NegotiationError(_("提案文が変わっていません。"), "text")
    revision = ProposalRevision(
        item=item,
        number=item.current_revision + 1,
        text=text,
        change_note=note,
        author_id=author.id,
    )
    item.current_revision = revision.number
    db.session.add(revision)
    db.session.flush()
    summary = say("提案文 第%(n)s版", n=revision.number)
    after: dict[str, Any] = {"revision": revision.number, "change_note": note}
    if suggested_by is not None:
        suggestion_id, member = suggested_by
        summary = say(
            "提案文 第%(n)s版(%(member)sの修正案による)", n=revision.number, member=member
        )
        after |= {"suggestion_id": suggestion_id, "suggested_by": member}
    _record("item.revise", item, summary, after=after)
    events.emit(ITEM_REVISED, item=item, revision=revision, author=author)
    return revision


def record_position(
    item: AgendaItem,
    member: Member,
    data: dict[str, Any],
    user: User,
    roles: ConsortiumRoles,
    *,
    meeting_id: int | None = None,
    round_id: int | None = None,
) -> Position:
    """Append a member's position on the current revision (the one the form was shown)."""
    if member.consortium_id != item.negotiation.consortium_id:
        raise NegotiationError(_("この協議会の構成団体ではありません。"))
    if member.left_on is not None:  # its past positions stay; it takes no new ones
        raise NegotiationError(_("脱退した構成団体の意見は登録できません。"))
    _lock(AgendaItem, item.id)
    db.session.refresh(item)
    if not workflow.accepts_positions(State(item.state)):
        raise NegotiationError(_("この状態の協議事項には意見を登録できません。"))
    if data["revision"] != item.current_revision:
        raise ConflictError(
            _(
                "提案文が第%(n)d版に更新されました。最新の提案文を読んでから意見を登録してください。",
                n=item.current_revision,
            )
        )
    stance = rules.Stance(data["stance"])
    # A form field left out of the POST comes as None, not "": treat it as empty.
    statement, reason, conditions_text = (
        data.get(k) or "" for k in ("statement", "reason", "conditions")
    )
    conditions = [c.strip() for c in conditions_text.splitlines() if c.strip()]
    _check_stance(stance, reason, conditions)
    current = item.revisions[-1]
    position = Position(
        item_id=item.id,
        member_id=member.id,
        revision_id=current.id,
        revision_number=current.number,
        stance=stance.value,
        statement=statement,
        reason=reason.strip(),
        source=data["source"],
        recorded_by_id=user.id,
        on_behalf=member.id not in roles.liaison_of,
        meeting_id=meeting_id,
        round_id=round_id,
    )
    position.conditions = [PositionCondition(text=c) for c in conditions]
    db.session.add(position)
    db.session.flush()
    template = summaries.POSITION[position.on_behalf]
    stance_label = label(rules.STANCE_LABELS[stance])
    _record(
        "position.record",
        item,
        say(template, member=member.name, stance=stance_label, n=current.number),
        after={
            "position_id": position.id,
            "member_id": member.id,
            "member": member.name,
            "statement": position.statement,
            "stance": stance.value,
            "revision": current.number,
            "source": position.source,
            "conditions": conditions,
            "reason": position.reason,
            "on_behalf": position.on_behalf,
            "meeting_id": meeting_id,
            "round_id": round_id,
        },
    )
    events.emit(POSITION_RECORDED, item=item, position=position, user=user)
    return position


def _check_stance(stance: rules.Stance, reason: str, conditions: list[str]) -> None:
    if stance == rules.Stance.OBJECT and not reason.strip():
        raise NegotiationError(_("反対の場合は理由を入力してください。"), "reason")
    if stance == rules.Stance.CONDITIONAL and not conditions:
        raise NegotiationError(
            _("条件付賛成の場合は条件を1行に1つ入力してください。"), "conditions"
        )
    if stance != rules.Stance.CONDITIONAL and conditions:
        raise NegotiationError(_("条件は条件付賛成の場合だけ入力できます。"), "conditions")


def clear_condition(condition: PositionCondition, user: User) -> None:
    if condition.cleared_at is not None:
        raise NegotiationError(_("この条件は既に解消済みです。"))
    item = db.session.get(AgendaItem, condition.position.item_id)
    facts = queries.item_facts(item, item.negotiation, [], {})
    if reasons := workflow.frozen(facts):
        raise NegotiationError("、".join(reason_text(r) for r in reasons))
    condition.cleared_at = utcnow()
    condition.cleared_by_id = user.id
    db.session.flush()
    _record(
        "condition.clear",
        item,
        say("条件を解消: %(text)s", text=condition.text),
        after={"condition_id": condition.id, "text": condition.text},
    )


def note_discussed(item: AgendaItem, note: str) -> None:
    """A facilitator's explicit record that the item was discussed (until meetings exist)."""
    item.discussed_note = note
    db.session.flush()
    summary = say("協議済みの記録: %(note)s", note=note)
    _record("item.discussed_note", item, summary, after={"note": note})


def move(
    item: AgendaItem,
    name: str,
    reason: str,
    user: User,
    roles: ConsortiumRoles,
    version: int | None,
    *,
    meeting_id: int | None = None,
    confirmed: bool = False,
) -> StateChange:
    """Move an item between states if the workflow allows it now; refuse stale forms.

    A move that voids an agreement out for signature raises ConfirmationNeeded unless
    `confirmed`: the user has seen which agreement and which signatures it discards.
    """
    _lock(AgendaItem, item.id)
    db.session.refresh(item)
    if not same_version(version, item.version):
        raise ConflictError(
            _("他の人が先にこの協議事項の状態を変更しました。現在の状態を確認してください。")
        )
    members = queries.members_of(item.negotiation.consortium_id)
    positions = queries.latest_positions([item.id]).get(item.id, {})
    facts = queries.item_facts(item, item.negotiation, members, positions)
    check = workflow.check(facts, queries.actor_for(roles), name)
    if not check.allowed:
        raise NegotiationError("、".join(reason_text(r) for r in check.reasons))
    if check.transition.requires_reason and not reason.strip():
        raise NegotiationError(_("理由を入力してください。"), "reason")
    if (hold := workflow.confirmation_needed(facts, name)) is not None and not confirmed:
        raise ConfirmationNeeded(hold)
    change = StateChange(
        item_id=item.id,
        from_state=item.state,
        to_state=check.transition.target.value,
        reason=reason.strip(),
        actor_id=user.id,
        meeting_id=meeting_id,
    )
    item.state = check.transition.target.value
    db.session.add(change)
    db.session.flush()
    if check.transition.name == "reopen":
        # An agreement that includes this item no longer says what was agreed.
        events.emit(ITEM_REOPENED, item=item, reason=reason.strip())
    # みなし同意 must be explicit in the record: name the members deemed to consent.
    deemed = [m.name for m in workflow.rule_status(facts).deemed] if name == "agree" else []
    _record(
        "item.move",
        item,
        summaries.move_summary(workflow.STATE_LABELS[check.transition.target], reason, deemed),
        before={"state": change.from_state},
        after={
            "state": change.to_state,
            "reason": change.reason,
            "meeting_id": meeting_id,
            "deemed_consent": deemed,
        },
    )
    events.emit(ITEM_MOVED, item=item, change=change, user=user)
    return change
