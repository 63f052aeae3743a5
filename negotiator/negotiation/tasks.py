"""The dashboard's item to-dos: positions a liaison's member owes, and what a facilitator can
do with the open items (decide, move, or what blocks them). Bounded by the screen
(negotiator.bounds): a fixed number of statements and at most `limit` rows built, whatever
the number of items or members; the totals are counted in SQL."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from negotiator.consortia.models import Member, Membership, Role
from negotiator.db import db
from negotiator.negotiation import rules, workflow
from negotiator.negotiation.models import AgendaItem, Negotiation, Position
from negotiator.negotiation.queries import (
    OPEN_STATES,
    Discussion,
    Stance,
    discussion_facts,
    item_facts,
    latest_stances,
    member_refs,
)
from negotiator.paging import Shown, first, prepared


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


# The column's name, not label("…") (the catalogue extracts label() calls as UI messages).
STALE = "stale"


def _open_items() -> sa.Select:
    return (
        sa.select(AgendaItem)
        .join(Negotiation, Negotiation.id == AgendaItem.negotiation_id)
        .where(AgendaItem.state.in_(OPEN_STATES))
        .options(contains_eager(AgendaItem.negotiation))
    )


def positions_owed(user_id: int, limit: int | None = None, offset: int = 0) -> Shown[Task]:
    """Open items on whose current wording a current member this user is the liaison of has no
    position yet (stale: it answered an earlier wording), by negotiation and number."""
    rows = first(_positions_owed(), limit, offset, scalars=False, params={"user": user_id})
    return Shown([Task("position", i, m, stale=bool(s)) for i, m, s in rows], rows.total)


@prepared
def _positions_owed() -> sa.Select:
    def answered(at_least: sa.ColumnElement) -> sa.Exists:
        return sa.exists().where(
            Position.item_id == AgendaItem.id,
            Position.member_id == Member.id,
            Position.revision_number >= at_least,
        )

    return (
        _open_items()
        .add_columns(Member, answered(sa.literal(0)).label(STALE))
        .join(Membership, Membership.consortium_id == Negotiation.consortium_id)
        .join(Member, Member.id == Membership.member_id)
        .where(Membership.user_id == sa.bindparam("user"))
        .where(Membership.role == Role.LIAISON.value)
        # As members_of: a member that left is asked for nothing.
        .where(Member.consortium_id == Negotiation.consortium_id, Member.left_on.is_(None))
        .where(~answered(AgendaItem.current_revision))
        .order_by(AgendaItem.negotiation_id, AgendaItem.number, Member.sort_order, Member.id)
    )


@prepared
def _facilitated_open_items() -> sa.Select:
    """Open items of the councils the user (bound as "user") facilitates, the most answered
    first (those are the ones likely to be decided)."""
    facilitated = sa.select(Membership.consortium_id).where(
        Membership.user_id == sa.bindparam("user"), Membership.role == Role.FACILITATOR.value
    )
    answered = (
        sa.select(sa.func.count(sa.distinct(Position.member_id)))
        .where(
            Position.item_id == AgendaItem.id,
            Position.revision_number == AgendaItem.current_revision,
        )
        .scalar_subquery()
    )
    return (
        _open_items()
        .where(Negotiation.consortium_id.in_(facilitated))
        .order_by(answered.desc(), AgendaItem.negotiation_id, AgendaItem.number)
    )


_MEMBERS_OF_COUNCILS = (  # built once: the dashboard asks on every load
    sa.select(Member)
    .where(Member.consortium_id.in_(sa.bindparam("councils", expanding=True)))
    .where(Member.left_on.is_(None))
    .order_by(Member.sort_order, Member.id)
)


def item_tasks(user_id: int, limit: int | None = None, offset: int = 0) -> Shown[Task]:
    """For a facilitator: what each open item of their councils waits on, for `limit` of them
    (the most answered first); `total` counts all."""
    items = first(_facilitated_open_items(), limit, offset, params={"user": user_id})
    if not items:
        return Shown([], items.total)
    councils = sorted({i.negotiation.consortium_id for i in items})
    members = db.session.scalars(_MEMBERS_OF_COUNCILS, {"councils": councils}).all()
    by_consortium: dict[int, list[Member]] = defaultdict(list)
    for m in members:
        by_consortium[m.consortium_id].append(m)
    refs = {consortium: member_refs(them) for consortium, them in by_consortium.items()}
    positions = latest_stances(i.id for i in items)
    discussions = discussion_facts(items)
    tasks = [
        task
        for item in sorted(items, key=lambda i: (i.negotiation_id, i.number))
        for task in _move_tasks(
            item,
            positions.get(item.id, {}),
            refs.get(item.negotiation.consortium_id, ()),
            discussions[item.id],
        )
    ]
    order = {"decide": 0, "move": 1, "blocked": 2}  # what the facilitator can do now first
    return Shown(sorted(tasks, key=lambda t: order[t.kind]), items.total)


def _move_tasks(
    item: AgendaItem,
    positions: dict[int, Stance],
    members: tuple[rules.MemberRef, ...],
    discussion: Discussion,
) -> list[Task]:
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
