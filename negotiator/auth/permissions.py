"""Who may do what. Every view declares its access level; finer rules are can_* functions."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, g
from flask_login import current_user

from negotiator.consortia.models import Membership, Role
from negotiator.db import db

# The access levels a view can declare (checked by the authorization-matrix test).
PUBLIC = "public"  # anyone, logged in or not
LOGIN = "login"  # any logged-in user; the view narrows it to a consortium's people
ADMIN = "admin"  # site administrators only
LEVELS = (PUBLIC, LOGIN, ADMIN)


def access(level: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce who may use a view: PUBLIC, LOGIN or ADMIN."""
    if level not in LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if level != PUBLIC and not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if level == ADMIN and not current_user.is_admin:
                abort(403)
            return view(*args, **kwargs)

        wrapped.access_level = level  # type: ignore[attr-defined]
        return wrapped

    return decorate


@dataclasses.dataclass(frozen=True)
class ConsortiumRoles:
    """What one user is in one consortium."""

    facilitator: bool = False
    observer: bool = False
    liaison_of: frozenset[int] = frozenset()
    signatory_of: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return self.facilitator or self.observer or bool(self.liaison_of or self.signatory_of)


_ROLES = sa.select(Membership.role, Membership.member_id).where(
    Membership.user_id == sa.bindparam("user_id"),
    Membership.consortium_id == sa.bindparam("consortium_id"),
)  # built once: every page asks (see negotiation/queries.py)


def roles_in(consortium_id: int) -> ConsortiumRoles:
    """The current user's roles in a consortium, loaded once per request."""
    cache: dict[int, ConsortiumRoles] = g.setdefault("_roles", {})
    if consortium_id in cache:
        return cache[consortium_id]
    roles = ConsortiumRoles()
    if current_user.is_authenticated:
        rows = db.session.execute(
            _ROLES, {"user_id": current_user.id, "consortium_id": consortium_id}
        ).all()
        roles = _fold(rows)
    cache[consortium_id] = roles
    return roles


def _fold(rows: Any) -> ConsortiumRoles:
    liaison = {m for r, m in rows if r == Role.LIAISON}
    signatory = {m for r, m in rows if r == Role.SIGNATORY}
    return ConsortiumRoles(
        facilitator=any(r == Role.FACILITATOR for r, _ in rows),
        observer=any(r == Role.OBSERVER for r, _ in rows),
        liaison_of=frozenset(liaison),
        signatory_of=frozenset(signatory),
    )


def can_view_consortium(consortium_id: int) -> bool:
    return roles_in(consortium_id).any


def can_facilitate(consortium_id: int) -> bool:
    return roles_in(consortium_id).facilitator


def can_propose(consortium_id: int) -> bool:
    """May propose items: a facilitator, or a liaison of any member (revising their text is
    `can_revise`)."""
    roles = roles_in(consortium_id)
    return roles.facilitator or bool(roles.liaison_of)


def can_answer_for(consortium_id: int, member_id: int) -> bool:
    """May answer for the member itself (a written round, the minutes): its own liaison only;
    the facilitator does not answer for a member."""
    return member_id in roles_in(consortium_id).liaison_of


def can_speak_for(consortium_id: int, member_id: int) -> bool:
    """May record positions for this member: its liaison, or a facilitator (on its behalf)."""
    roles = roles_in(consortium_id)
    return roles.facilitator or member_id in roles.liaison_of


def can_sign_for(consortium_id: int, member_id: int) -> bool:
    return member_id in roles_in(consortium_id).signatory_of


def can_read_notes(consortium_id: int, member_id: int) -> bool:
    """May read and write the member's own notes (内部メモ): its liaisons and signatories only,
    never the facilitator as such."""
    roles = roles_in(consortium_id)
    return member_id in roles.liaison_of or member_id in roles.signatory_of


def can_revise(consortium_id: int, proposing_member_id: int | None) -> bool:
    """May change an item's text directly, and accept or decline its 修正案: the facilitator,
    or a liaison of the member that proposed it (an item of the 事務局: the facilitator)."""
    roles = roles_in(consortium_id)
    return roles.facilitator or proposing_member_id in roles.liaison_of


def suggesting_member(consortium_id: int, proposing_member_id: int | None) -> int | None:
    """The member this user proposes a 修正案 for: one they are liaison of, other than the
    item's proposer (the lowest id, if several); None when they may not propose one."""
    others = roles_in(consortium_id).liaison_of - {proposing_member_id}
    return min(others) if others else None


def can_discuss(consortium_id: int) -> bool:
    """May write comments on the council's items: liaisons and facilitators (observers read)."""
    roles = roles_in(consortium_id)
    return roles.facilitator or bool(roles.liaison_of)


def require(allowed: bool) -> None:
    """Stop the request with 403 unless allowed."""
    if not allowed:
        abort(403)
