"""Read endpoints for councils, members, negotiations, items and positions."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from negotiator import bounds
from negotiator.api import schemas
from negotiator.api.core import answer, bp, endpoint, page, readable
from negotiator.api.problems import Problem
from negotiator.api.spec import documented
from negotiator.auth.permissions import can_view_consortium
from negotiator.consortia.models import Consortium, Member, Membership
from negotiator.db import db
from negotiator.i18n import reason_text
from negotiator.negotiation import history, queries, rules, workflow
from negotiator.negotiation.forms import CATEGORY_LABELS
from negotiator.negotiation.models import (
    AgendaItem,
    Negotiation,
    Position,
    ProposalRevision,
    StateChange,
)
from negotiator.paging import Shown


def council_of(consortium_id: int) -> Consortium:
    """The council, if this user is one of its people; otherwise it does not exist (404)."""
    council = db.session.get(Consortium, consortium_id)
    readable(council is not None and can_view_consortium(council.id))
    return council


def negotiation_of(negotiation_id: int) -> Negotiation:
    negotiation = db.session.get(Negotiation, negotiation_id)
    readable(negotiation is not None and can_view_consortium(negotiation.consortium_id))
    return negotiation


def item_of(item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    readable(item is not None and can_view_consortium(item.negotiation.consortium_id))
    return item


@bp.get("/councils")
@endpoint
@documented("協議会の一覧(自分が役割を持つもの)", schemas.page_of(schemas.Council), paged=True)
def councils() -> Response:
    mine = sa.select(Membership.consortium_id).where(Membership.user_id == current_user.id)
    query = sa.select(Consortium).where(Consortium.id.in_(mine))
    return page(query, Consortium.id, schemas.Council(many=True).dump)


@bp.get("/councils/<int:council_id>")
@endpoint
@documented("協議会", schemas.Council)
def council(council_id: int) -> Response:
    return answer(schemas.Council().dump(council_of(council_id)))


@bp.get("/councils/<int:council_id>/members")
@endpoint
@documented("構成団体の一覧(脱退した団体を含む)", schemas.page_of(schemas.Member), paged=True)
def members(council_id: int) -> Response:
    council_of(council_id)
    query = sa.select(Member).where(Member.consortium_id == council_id)
    return page(query, Member.id, schemas.Member(many=True).dump)


@bp.get("/councils/<int:council_id>/negotiations")
@endpoint
@documented("協議案件の一覧", schemas.page_of(schemas.Negotiation), paged=True)
def negotiations(council_id: int) -> Response:
    council_of(council_id)
    query = sa.select(Negotiation).where(Negotiation.consortium_id == council_id)
    return page(query, Negotiation.id, schemas.Negotiation(many=True).dump)


@bp.get("/negotiations/<int:negotiation_id>")
@endpoint
@documented("協議案件", schemas.Negotiation)
def negotiation(negotiation_id: int) -> Response:
    return answer(schemas.Negotiation().dump(negotiation_of(negotiation_id)))


BOARD_FILTERS = {
    "state": {"type": "string", "enum": [s.value for s in workflow.State]},
    "category": {"type": "string", "enum": list(CATEGORY_LABELS)},
    "updated_since": {"type": "string", "format": "date-time"},
}


@bp.get("/negotiations/<int:negotiation_id>/items")
@endpoint
@documented(
    "協議事項の一覧(ボードと同じ絞り込み)",
    schemas.page_of(schemas.ItemSummary),
    paged=True,
    query=BOARD_FILTERS,
)
def items(negotiation_id: int) -> Response:
    negotiation_of(negotiation_id)
    query = sa.select(AgendaItem).where(AgendaItem.negotiation_id == negotiation_id)
    return page(_board_filtered(query), AgendaItem.id, schemas.ItemSummary(many=True).dump)


def _board_filtered(query: sa.Select) -> sa.Select:
    """The board's filters; an unknown value is refused (the board ignores it, a script errs)."""
    for name in ("state", "category"):
        value = request.args.get(name)
        if value is None:
            continue
        if value not in BOARD_FILTERS[name]["enum"]:
            _bad_filter(name)
        query = query.where(getattr(AgendaItem, name) == value)
    if (since := request.args.get("updated_since")) is not None:
        query = query.where(_updated_since(_timestamp(since)))
    return query


def _bad_filter(name: str) -> None:
    message = _("この値では絞り込めません。")
    raise Problem(400, message, [{"field": name, "message": message}])


def _timestamp(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        _bad_filter("updated_since")
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _updated_since(since: dt.datetime) -> sa.ColumnElement[bool]:
    """Proposed, revised, answered or moved at or after `since`."""
    touched = [
        sa.exists().where(model.item_id == AgendaItem.id, model.created_at >= since)
        for model in (ProposalRevision, Position, StateChange)
    ]
    return sa.or_(AgendaItem.created_at >= since, *touched)


@bp.get("/items/<int:item_id>")
@endpoint
@documented("協議事項(現在の提案文と、決定に足りないもの)", schemas.Item)
def item(item_id: int) -> Response:
    return answer(item_document(item_of(item_id)))


def item_document(item: AgendaItem) -> dict:
    """The item with its current revision and decision state, as the item page computes it."""
    negotiation = item.negotiation
    members = queries.members_of(negotiation.consortium_id)
    current = queries.latest_positions([item.id]).get(item.id, {})
    facts = queries.item_facts(item, negotiation, members, current)
    status = workflow.rule_status(facts)
    fields = [f.attribute or name for name, f in schemas.ItemSummary().fields.items()]
    summary = {name: getattr(item, name) for name in fields}
    return schemas.Item().dump(
        {
            **summary,
            "description": item.description,
            "revision": item.revisions[-1] if item.revisions else None,
            "decision": {
                "rule": facts.rule.value,
                "met": status.met,
                "missing": [reason_text(r) for r in status.missing],
                "accepts_positions": workflow.accepts_positions(workflow.State(item.state)),
            },
        }
    )


@bp.get("/items/<int:item_id>/positions")
@endpoint
@documented("各団体の現在の意見と履歴", schemas.Positions)
def positions(item_id: int) -> Response:
    return answer(positions_document(item_of(item_id)))


def _with_details(positions: list[Position]) -> None:
    """Load the positions' conditions and recorders in one statement each (not one per row)."""
    if positions:
        db.session.scalars(
            sa.select(Position)
            .where(Position.id.in_([p.id for p in positions]))
            .options(selectinload(Position.conditions), selectinload(Position.recorded_by))
        ).all()


def _stale(position: Position, current_revision: int) -> bool:
    fact = rules.PositionFact(rules.Stance(position.stance), position.revision_number)
    return rules.is_stale(fact, current_revision)


def positions_document(item: AgendaItem) -> dict:
    """Each member's current position and its newest ones, as many as the item page shows
    (negotiator.bounds), with the count of all of them."""
    per_member = history.positions_by_member(item, bounds.ITEM_EARLIER_POSITIONS + 1)
    _with_details([p for shown in per_member.values() for p in shown])
    members = queries.members_of(item.negotiation.consortium_id)
    ids = [m.id for m in members] + sorted(set(per_member) - {m.id for m in members})
    rows = []
    for member_id in ids:
        own = per_member.get(member_id, Shown([], 0))
        current = own[0] if own else None
        rows.append(
            {
                "member_id": member_id,
                "current": current,
                "stale": current is not None and _stale(current, item.current_revision),
                "history": list(own),
                "history_total": own.total,
            }
        )
    return schemas.Positions().dump(
        {
            "item_id": item.id,
            "current_revision": item.current_revision,
            "version": item.version,
            "members": rows,
        }
    )
