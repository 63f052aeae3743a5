"""An item's histories a screen at a time (issue 18, negotiator.bounds): each member's earlier
positions, the proposal's revisions and the item's 経過, the newest first few on the item page
and the rest a page at a time on pages of their own; every count comes from SQL."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from negotiator.audit.display import ActorNames, AuditLine
from negotiator.audit.models import AuditEntry
from negotiator.auth.models import User
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Position, ProposalRevision
from negotiator.paging import Shown, first, prepared

# Named columns, not label("…") literals: the catalogue extracts label() calls as UI messages.
RANK_COLUMN = "history_rank"
TOTAL_COLUMN = "history_total"


def positions_by_member(item: AgendaItem, per_member: int) -> dict[int, Shown[Position]]:
    """member id -> its newest `per_member` positions on the item (the current one first) and
    the count of all of them, with who recorded each, in one statement whatever the history's
    length."""
    rows = db.session.execute(_positions_by_member(), {"item": item.id, "per_member": per_member})
    shown: dict[int, list[Position]] = defaultdict(list)
    totals: dict[int, int] = {}
    for position, total in rows:
        shown[position.member_id].append(position)
        totals[position.member_id] = total
    return {member_id: Shown(kept, totals[member_id]) for member_id, kept in shown.items()}


@prepared
def _positions_by_member() -> sa.Select:
    ranked = (
        sa.select(
            Position.id,
            sa.func.row_number()
            .over(partition_by=Position.member_id, order_by=Position.id.desc())
            .label(RANK_COLUMN),
            sa.func.count().over(partition_by=Position.member_id).label(TOTAL_COLUMN),
        )
        .where(Position.item_id == sa.bindparam("item"))
        .subquery()
    )
    return (
        sa.select(Position, ranked.c[TOTAL_COLUMN])
        .join(ranked, ranked.c.id == Position.id)
        .where(ranked.c[RANK_COLUMN] <= sa.bindparam("per_member"))
        .options(joinedload(Position.recorded_by))
        .order_by(Position.id.desc())
    )


def member_positions(item: AgendaItem, member_id: int, limit: int, offset: int) -> Shown:
    """One member's positions on the item, newest first, a page at a time."""
    return first(_member_positions(), limit, offset, params={"item": item.id, "member": member_id})


def revisions(item: AgendaItem, limit: int, offset: int = 0) -> Shown[ProposalRevision]:
    """The proposal's revisions, newest first, a page at a time."""
    return first(_revisions(), limit, offset, params={"item": item.id})


@prepared
def _member_positions() -> sa.Select:
    return (
        sa.select(Position)
        .where(Position.item_id == sa.bindparam("item"))
        .where(Position.member_id == sa.bindparam("member"))
        .options(selectinload(Position.conditions), selectinload(Position.recorded_by))
        .order_by(Position.id.desc())
    )


@prepared
def _revisions() -> sa.Select:
    return (
        sa.select(ProposalRevision)
        .where(ProposalRevision.item_id == sa.bindparam("item"))
        .options(joinedload(ProposalRevision.author))  # one each: joined, not a statement more
        .order_by(ProposalRevision.number.desc())
    )


def revision(item: AgendaItem, number: int) -> ProposalRevision | None:
    """One revision of the item by its number."""
    return db.session.scalar(
        sa.select(ProposalRevision).where(
            ProposalRevision.item_id == item.id, ProposalRevision.number == number
        )
    )


def timeline(item: AgendaItem, limit: int, offset: int = 0) -> Shown[AuditLine]:
    """What happened to the item from its audit log, newest first, a page at a time."""
    shown = first(_timeline(), limit, offset, scalars=False, params={"item": item.id})
    return Shown([_line(*row) for row in shown], shown.total)


def _line(*columns: Any) -> AuditLine:
    *entry, username, display_name = columns
    return AuditLine(
        *entry, actor=ActorNames(username, display_name) if username is not None else None
    )


@prepared
def _timeline() -> sa.Select:
    # What a line of the 経過 shows (audit.display), not the before/after snapshots and hashes:
    # decoding those was a third of the item page's 経過 (issue 18).
    return (
        sa.select(
            AuditEntry.at,
            AuditEntry.action,
            AuditEntry.summary,
            AuditEntry.message,
            AuditEntry.actor_name,
            User.username,
            User.display_name,
        )
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(AuditEntry.object_type == "agendaitem")
        .where(AuditEntry.object_id == sa.bindparam("item"))
        .order_by(AuditEntry.id.desc())
    )
