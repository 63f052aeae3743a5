"""Who is concerned: user ids by role in a consortium, and the followers of an item."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.consortia.models import Membership, Role
from negotiator.db import db
from negotiator.notifications.models import Follow


def with_role(consortium_id: int, *roles: Role, member_ids: list[int] | None = None) -> set[int]:
    """Users holding any of `roles` in the consortium (for liaisons/signatories: of these
    members, when given)."""
    query = sa.select(Membership.user_id).where(
        Membership.consortium_id == consortium_id,
        Membership.role.in_([r.value for r in roles]),
    )
    if member_ids is not None:
        query = query.where(Membership.member_id.in_(member_ids))
    return set(db.session.scalars(query))


def negotiators(consortium_id: int) -> set[int]:
    """Those who move items and give positions: facilitators and every member's liaisons."""
    return with_role(consortium_id, Role.FACILITATOR, Role.LIAISON)


def followers(item_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(Follow.user_id).where(Follow.item_id == item_id)))
