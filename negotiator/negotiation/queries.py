"""Read side of negotiations: current positions, item facts, the board, timelines.

Every function here runs a fixed number of statements, whatever the number of items or members.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from negotiator import bounds, events
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import rules, workflow
from negotiator.negotiation.discussion_models import Suggestion, SuggestionState
from negotiator.negotiation.models import AgendaItem, Negotiation, Position, PositionCondition
from negotiator.negotiation.workflow import State
from negotiator.paging import prepared

OPEN_STATES = (State.PROPOSED.value, State.DISCUSSED.value)

# Facts the workflow needs from the domains above (meetings, agreements), asked through
# negotiator.events: their handlers.register() provides them.
DISCUSSION_FACTS = "negotiation.discussion_facts"
DISCUSSION_RECORD = "negotiation.discussion_record"
ITEM_DISCUSSION = "negotiation.item_discussion"
AGREEMENT_HOLDS = "negotiation.agreement_holds"
ITEM_DOCUMENTS = "negotiation.item_documents"


class Discussion(Protocol):
    """What meetings and written rounds tell the workflow about an item."""

    discussed: bool
    deadline_passed: bool


def discussion_record(item_id: int) -> list:
    """Every meeting and written round that took up the item, by date (meetings.facts answers,
    records with kind, number, title, when, status_label and decided)."""
    return events.ask(DISCUSSION_RECORD, item_id)


def item_discussion(item: AgendaItem) -> Any:  # noqa: ANN401 - meetings.facts.ItemDiscussion
    """The item's 協議の記録 (`.record`) and its Discussion facts (`.facts`), read together
    (meetings.facts answers)."""
    return events.ask(ITEM_DISCUSSION, item)


def documents_panel(item: AgendaItem) -> Any:
    """The item's and its revisions' documents, and what the user may do with them (the
    documents domain answers)."""
    return events.ask(ITEM_DOCUMENTS, item.id, item.negotiation.consortium_id)


def discussion_facts(items: Sequence[AgendaItem]) -> dict[int, Discussion]:
    """item id -> Discussion, for any number of items (meetings.facts answers)."""
    return events.ask(DISCUSSION_FACTS, items)


# The hot statements of every page are built once, with parameters (issue 18): building a
# select costs about as much as SQLite takes to run it, and a page runs a dozen.
_MEMBERS = (
    sa.select(Member)
    .where(Member.consortium_id == sa.bindparam("consortium_id"), Member.left_on.is_(None))
    .order_by(Member.sort_order, Member.id)
)


def members_of(consortium_id: int) -> list[Member]:
    """The current members: the parties of new versions and the ones asked for positions.

    A member whose leaving is recorded (left_on set, whatever the date) is not among them; its
    past positions and signatures stay, and executed versions keep it as frozen."""
    return list(db.session.scalars(_MEMBERS, {"consortium_id": consortium_id}))


# Each member's latest position on each of the items in :ids (latest_positions, latest_stances).
_LATEST_IDS = (
    sa.select(sa.func.max(Position.id))
    .where(Position.item_id.in_(sa.bindparam("ids", expanding=True)))
    .group_by(Position.item_id, Position.member_id)
)


# Who recorded each position and cleared each condition is on the item page: joined, not one
# statement per person (tests/test_bounds.py).
@prepared
def _latest() -> sa.Select:
    """The latest positions of the items in :ids."""
    return (
        sa.select(Position)
        .where(Position.id.in_(_LATEST_IDS))
        .options(joinedload(Position.recorded_by))
    )


@prepared
def _conditions() -> sa.Select:
    """The conditions of the positions in :ids."""
    return (
        sa.select(PositionCondition)
        .where(PositionCondition.position_id.in_(sa.bindparam("ids", expanding=True)))
        .options(joinedload(PositionCondition.cleared_by))
        .order_by(PositionCondition.id)
    )


def latest_positions(item_ids: Iterable[int]) -> dict[int, dict[int, Position]]:
    """item id -> member id -> that member's latest position, with its conditions (two
    statements)."""
    ids = list(item_ids)
    if not ids:
        return {}
    positions = db.session.scalars(_latest(), {"ids": ids}).all()
    attach_conditions(positions)
    result: dict[int, dict[int, Position]] = defaultdict(dict)
    for position in positions:
        result[position.item_id][position.member_id] = position
    return result


def attach_conditions(positions: Sequence[Position]) -> None:
    """Load the positions' conditions (and who cleared them) in one statement.

    Not selectinload: it splits its IN list every 500 positions (the count would grow with the
    data), and subqueryload ran the positions' query again inside its own, at twice the cost.
    """
    conditions: dict[int, list[PositionCondition]] = defaultdict(list)
    if positions:
        found = db.session.scalars(_conditions(), {"ids": [p.id for p in positions]})
        for condition in found:
            conditions[condition.position_id].append(condition)
    for position in positions:
        set_committed_value(position, "conditions", conditions.get(position.id, []))


def effective_rule(item: AgendaItem, negotiation: Negotiation) -> rules.Rule:
    return rules.Rule(item.rule_override or negotiation.decision_rule)


def member_refs(members: Sequence[Member]) -> tuple[rules.MemberRef, ...]:
    """The members as the rules see them (made once for a page of items: see item_facts)."""
    return tuple(rules.MemberRef(m.id, m.name) for m in members)


@functools.cache
def _fact(stance: str, revision: int) -> rules.PositionFact:
    # A board holds items x members positions, of a handful of distinct (stance, revision).
    return rules.PositionFact(rules.Stance(stance), revision)


def item_facts(
    item: AgendaItem,
    negotiation: Negotiation,
    members: Sequence[Member] | tuple[rules.MemberRef, ...],
    positions: dict[int, Position] | dict[int, Stance],
    discussion: Discussion | None = None,
    holds: dict[int, workflow.AgreementHold] | None = None,
) -> workflow.ItemFacts:
    """What the pure workflow needs to know about one item (meetings/rounds looked up if absent;
    pass `holds` from agreement_holds(), and `member_refs(members)`, when building facts for
    many items)."""
    if discussion is None:
        discussion = discussion_facts([item])[item.id]
    if holds is None:
        holds = agreement_holds([item] if item.state == State.AGREED.value else [])
    deemed = item.deemed_consent_override
    return workflow.ItemFacts(
        state=State(item.state),
        current_revision=item.current_revision,
        members=members if isinstance(members, tuple) else member_refs(members),
        positions={mid: _fact(p.stance, p.revision_number) for mid, p in positions.items()},
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


_LATEST_STANCES = sa.select(
    Position.item_id, Position.member_id, Position.stance, Position.revision_number
).where(Position.id.in_(_LATEST_IDS))


def latest_stances(item_ids: Iterable[int]) -> dict[int, dict[int, Stance]]:
    """item id -> member id -> latest stance, as plain rows (one statement, no ORM objects)."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = db.session.execute(_LATEST_STANCES, {"ids": ids})
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
    open_suggestions: int = 0  # 修正案 waiting for a decision


@dataclasses.dataclass(frozen=True)
class Board:
    members: list[Member]  # the columns of this page (bounds.BOARD_MEMBERS at most)
    rows: list[Row]
    page: int
    pages: int
    total: int
    member_page: int = 1
    member_pages: int = 1
    member_total: int = 0

    @property
    def first_member(self) -> int:
        """The position (from 1) of this page's first member column among all members."""
        return (self.member_page - 1) * bounds.BOARD_MEMBERS + 1


def _page_of(total: int, size: int, page: int) -> tuple[int, int]:
    """(page clamped to 1..pages, pages) for `total` rows shown `size` at a time."""
    pages = max(1, -(-total // size))
    return min(max(page, 1), pages), pages


def board(
    negotiation: Negotiation,
    state: str | None = None,
    category: str | None = None,
    page: int = 1,
    member_page: int = 1,
) -> Board:
    """One page of the consensus board: items x members, current positions, rule status.

    Items and members are both paged (negotiator.bounds); the rule status counts every member."""
    members = members_of(negotiation.consortium_id)
    member_page, member_pages = _page_of(len(members), bounds.BOARD_MEMBERS, member_page)
    start = (member_page - 1) * bounds.BOARD_MEMBERS
    shown = members[start : start + bounds.BOARD_MEMBERS]
    query = sa.select(AgendaItem).where(AgendaItem.negotiation_id == negotiation.id)
    if state:
        query = query.where(AgendaItem.state == state)
    if category:
        query = query.where(AgendaItem.category == category)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    page, pages = _page_of(total, bounds.BOARD_ITEMS, page)
    items = list(
        db.session.scalars(
            query.order_by(AgendaItem.number)
            .limit(bounds.BOARD_ITEMS)
            .offset((page - 1) * bounds.BOARD_ITEMS)
        )
    )
    positions = latest_stances(item.id for item in items)
    discussions = discussion_facts(items)
    held = agreement_holds(items)
    suggested = _open_suggestions([item.id for item in items])
    rows = []
    refs = member_refs(members)
    for item in items:
        mine = positions.get(item.id, {})
        facts = item_facts(item, negotiation, refs, mine, discussions[item.id], held)
        stale = frozenset(m for m, p in mine.items() if p.revision_number < item.current_revision)
        status = workflow.rule_status(facts)
        rows.append(Row(item, mine, status, stale, suggested.get(item.id, 0)))
    return Board(shown, rows, page, pages, total, member_page, member_pages, len(members))


_OPEN_SUGGESTIONS = (
    sa.select(Suggestion.item_id, sa.func.count())
    .where(
        Suggestion.item_id.in_(sa.bindparam("ids", expanding=True)),
        Suggestion.state == SuggestionState.OPEN.value,
    )
    .group_by(Suggestion.item_id)
)


def _open_suggestions(item_ids: list[int]) -> dict[int, int]:
    """item id -> how many open 修正案 it has (one statement)."""
    if not item_ids:
        return {}
    rows = db.session.execute(_OPEN_SUGGESTIONS, {"ids": item_ids})
    return {item_id: count for item_id, count in rows}
