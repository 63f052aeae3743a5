"""Read side of negotiations: current positions, item facts, the board, tasks, timelines.

Every function here runs a fixed number of statements, whatever the number of items or members.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import selectinload, subqueryload

from negotiator import events
from negotiator.audit.models import AuditEntry
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member, Membership, Role
from negotiator.db import db
from negotiator.negotiation import rules, workflow
from negotiator.negotiation.models import AgendaItem, Negotiation, Position
from negotiator.negotiation.workflow import State

OPEN_STATES = (State.PROPOSED.value, State.DISCUSSED.value)

# Facts the workflow needs from the domains above (meetings, agreements), asked through
# negotiator.events: their handlers.register() provides them.
DISCUSSION_FACTS = "negotiation.discussion_facts"
AGREEMENT_HOLDS = "negotiation.agreement_holds"


class Discussion(Protocol):
    """What meetings and written rounds tell the workflow about an item."""

    discussed: bool
    deadline_passed: bool


def discussion_facts(items: Sequence[AgendaItem]) -> dict[int, Discussion]:
    """item id -> Discussion, for any number of items (meetings.facts answers)."""
    return events.ask(DISCUSSION_FACTS, items)


def members_of(consortium_id: int) -> list[Member]:
    """The current members: the parties of new versions and the ones asked for positions.

    A member whose leaving is recorded (left_on set, whatever the date) is not among them; its
    past positions and signatures stay, and executed versions keep it as frozen."""
    return list(
        db.session.scalars(
            sa.select(Member)
            .where(Member.consortium_id == consortium_id, Member.left_on.is_(None))
            .order_by(Member.sort_order, Member.id)
        )
    )


def latest_positions(item_ids: Iterable[int]) -> dict[int, dict[int, Position]]:
    """item id -> member id -> that member's latest position (two statements)."""
    ids = list(item_ids)
    if not ids:
        return {}
    latest = (
        sa.select(sa.func.max(Position.id))
        .where(Position.item_id.in_(ids))
        .group_by(Position.item_id, Position.member_id)
    )
    rows = db.session.scalars(
        sa.select(Position)
        .where(Position.id.in_(latest))
        # Not selectinload: it splits its IN list every 500 positions, so the statement count
        # would grow with the data; subqueryload fetches all conditions in one statement.
        .options(subqueryload(Position.conditions))
    )
    result: dict[int, dict[int, Position]] = defaultdict(dict)
    for position in rows:
        result[position.item_id][position.member_id] = position
    return result


def effective_rule(item: AgendaItem, negotiation: Negotiation) -> rules.Rule:
    return rules.Rule(item.rule_override or negotiation.decision_rule)


def item_facts(
    item: AgendaItem,
    negotiation: Negotiation,
    members: Sequence[Member],
    positions: dict[int, Position] | dict[int, Stance],
    discussion: Discussion | None = None,
    holds: dict[int, workflow.AgreementHold] | None = None,
) -> workflow.ItemFacts:
    """What the pure workflow needs to know about one item (meetings/rounds looked up if absent;
    pass `holds` from agreement_holds() when building facts for many items)."""
    if discussion is None:
        discussion = discussion_facts([item])[item.id]
    if holds is None:
        holds = agreement_holds([item] if item.state == State.AGREED.value else [])
    deemed = item.deemed_consent_override
    return workflow.ItemFacts(
        state=State(item.state),
        current_revision=item.current_revision,
        members=tuple(rules.MemberRef(m.id, m.name) for m in members),
        positions={
            mid: rules.PositionFact(rules.Stance(p.stance), p.revision_number)
            for mid, p in positions.items()
        },
        rule=effective_rule(item, negotiation),
        deemed_consent=negotiation.deemed_consent if deemed is None else deemed,
        discussed=bool(item.discussed_note) or discussion.discussed,
        deadline_passed=discussion.deadline_passed,
        proposing_member_id=item.proposing_member_id,
        agreement=holds.get(item.id),
    )


def agreement_holds(items: Iterable[AgendaItem]) -> dict[int, workflow.AgreementHold]:
    """item id -> the live agreement that includes it; only agreed items can be in one."""
    return events.ask(AGREEMENT_HOLDS, [i.id for i in items if i.state == State.AGREED.value])


def actor_for(roles: ConsortiumRoles) -> workflow.Actor:
    return workflow.Actor(is_facilitator=roles.facilitator, liaison_member_ids=roles.liaison_of)


class Stance(NamedTuple):
    """The part of a position the board and the workflow need."""

    stance: str
    revision_number: int


def latest_stances(item_ids: Iterable[int]) -> dict[int, dict[int, Stance]]:
    """item id -> member id -> latest stance, as plain rows (one statement, no ORM objects)."""
    ids = list(item_ids)
    if not ids:
        return {}
    latest = (
        sa.select(sa.func.max(Position.id))
        .where(Position.item_id.in_(ids))
        .group_by(Position.item_id, Position.member_id)
    )
    rows = db.session.execute(
        sa.select(
            Position.item_id, Position.member_id, Position.stance, Position.revision_number
        ).where(Position.id.in_(latest))
    )
    result: dict[int, dict[int, Stance]] = defaultdict(dict)
    for item_id, member_id, stance, revision in rows:
        result[item_id][member_id] = Stance(stance, revision)
    return result


@dataclasses.dataclass(frozen=True)
class Row:
    item: AgendaItem
    positions: dict[int, Stance]
    rule: rules.RuleResult
    stale: frozenset[int]


@dataclasses.dataclass(frozen=True)
class Board:
    members: list[Member]
    rows: list[Row]
    page: int
    pages: int
    total: int


BOARD_PAGE_SIZE = 50


def board(
    negotiation: Negotiation,
    state: str | None = None,
    category: str | None = None,
    page: int = 1,
) -> Board:
    """One page of the consensus board: items x members, current positions, rule status."""
    members = members_of(negotiation.consortium_id)
    query = sa.select(AgendaItem).where(AgendaItem.negotiation_id == negotiation.id)
    if state:
        query = query.where(AgendaItem.state == state)
    if category:
        query = query.where(AgendaItem.category == category)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // BOARD_PAGE_SIZE))
    page = min(max(page, 1), pages)
    items = list(
        db.session.scalars(
            query.order_by(AgendaItem.number)
            .limit(BOARD_PAGE_SIZE)
            .offset((page - 1) * BOARD_PAGE_SIZE)
        )
    )
    positions = latest_stances(item.id for item in items)
    discussions = discussion_facts(items)
    held = agreement_holds(items)
    rows = []
    for item in items:
        mine = positions.get(item.id, {})
        facts = item_facts(item, negotiation, members, mine, discussions[item.id], held)
        stale = frozenset(m for m, p in mine.items() if p.revision_number < item.current_revision)
        rows.append(Row(item, mine, workflow.rule_status(facts), stale))
    return Board(members, rows, page, pages, total)


@dataclasses.dataclass(frozen=True)
class Task:
    # "position" (a member owes one), "decide" (the rule is met and the facilitator can take
    # the item to 合意 now), "move" (an item can move), "blocked" (cannot yet)
    kind: str
    item: AgendaItem
    member: Member | None
    stale: bool = False
    move: str = ""
    reasons: tuple[rules.Reason, ...] = ()
    rule: str = ""  # for "decide": the decision rule that is met


def tasks_for(user_id: int) -> list[Task]:
    """What needs this user now: positions their member owes, items a facilitator can move."""
    memberships = db.session.execute(
        sa.select(Membership.consortium_id, Membership.role, Membership.member_id).where(
            Membership.user_id == user_id, Membership.role.in_([Role.LIAISON, Role.FACILITATOR])
        )
    ).all()
    if not memberships:
        return []
    consortium_ids = {c for c, _, _ in memberships}
    items = list(
        db.session.scalars(
            sa.select(AgendaItem)
            .join(Negotiation)
            .where(Negotiation.consortium_id.in_(consortium_ids))
            .where(AgendaItem.state.in_(OPEN_STATES))
            .options(selectinload(AgendaItem.negotiation))
            .order_by(AgendaItem.negotiation_id, AgendaItem.number)
        )
    )
    members = db.session.scalars(
        sa.select(Member)
        # As members_of: a member that left is asked for nothing.
        .where(Member.consortium_id.in_(consortium_ids), Member.left_on.is_(None))
        .order_by(Member.sort_order, Member.id)
    ).all()
    by_consortium: dict[int, list[Member]] = defaultdict(list)
    for m in members:
        by_consortium[m.consortium_id].append(m)
    positions = latest_stances(i.id for i in items)
    discussions = discussion_facts(items)
    tasks: list[Task] = []
    for item in items:
        cid = item.negotiation.consortium_id
        mine = positions.get(item.id, {})
        for consortium_id, role, member_id in memberships:
            if consortium_id != cid:
                continue
            if role == Role.LIAISON:
                tasks.extend(_position_task(item, mine, by_consortium[cid], member_id))
            else:
                tasks.extend(_move_tasks(item, mine, by_consortium[cid], discussions[item.id]))
    return tasks


def _position_task(
    item: AgendaItem, positions: dict[int, Stance], members: list[Member], member_id: int
) -> list[Task]:
    member = next((m for m in members if m.id == member_id), None)
    if member is None:  # the liaison's member has left the council
        return []
    position = positions.get(member_id)
    if position is None or position.revision_number < item.current_revision:
        return [Task("position", item, member, stale=position is not None)]
    return []


def _move_tasks(  # noqa: ANN202
    item: AgendaItem, positions: dict[int, Stance], members: list[Member], discussion: Discussion
):
    facts = item_facts(item, item.negotiation, members, positions, discussion, holds={})
    actor = workflow.Actor(is_facilitator=True)
    forward = [c for c in workflow.available(facts, actor) if c.transition.name != "withdraw"]
    allowed = [c.transition.name for c in forward if c.allowed]
    if allowed and workflow.rule_status(facts).met:
        # Ready to be decided: the rule holds and the next move (協議中にする where the item was
        # discussed but not moved yet, else 合意とする) is open to the facilitator.
        return [Task("decide", item, None, move=allowed[0], rule=facts.rule.value)]
    ready = [Task("move", item, None, move=name) for name in allowed]
    if ready or not forward:
        return ready
    return [
        Task("blocked", item, None, move=forward[0].transition.name, reasons=forward[0].reasons)
    ]


def timeline(item: AgendaItem) -> list[AuditEntry]:
    """Everything that happened to an item, oldest first, from the audit log."""
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.object_type == "agendaitem", AuditEntry.object_id == item.id)
            .options(selectinload(AuditEntry.actor))
            .order_by(AuditEntry.id)
        )
    )


def position_history(item: AgendaItem) -> dict[int, list[Position]]:
    """member id -> every position on this item, newest first."""
    history: dict[int, list[Position]] = defaultdict(list)
    rows = db.session.scalars(
        sa.select(Position)
        .where(Position.item_id == item.id)
        .options(selectinload(Position.conditions), selectinload(Position.recorded_by))
        .order_by(Position.id.desc())
    )
    for position in rows:
        history[position.member_id].append(position)
    return history
