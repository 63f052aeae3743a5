"""Creating and changing consortia, members and memberships (all audited)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from negotiator import fonts
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Member, Membership, Role
from negotiator.db import db, same_version
from negotiator.errors import FieldError
from negotiator.message import N_, say

CONSORTIUM_FIELDS = ("name", "description", "approval_required")
MEMBER_FIELDS = (
    "name",
    "kind",
    "party_label",
    "representative_title",
    "representative_name",
    "address",
    "sort_order",
    "joined_on",
)


class ConflictError(Exception):
    """Someone else changed the record since the form was loaded."""


class InputError(FieldError):
    """Input that breaks a rule; names the field and says why."""


def check_version(obj: Any, submitted: int | None) -> None:
    """Refuse a stale form: the version it was loaded with must still be current."""
    if not same_version(submitted, obj.version):
        raise ConflictError()


def _apply(obj: Any, fields: tuple[str, ...], data: dict[str, Any]) -> tuple[dict, dict]:
    before = audit.snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    return before, audit.snapshot(obj, fields)


def _unique_name(model: Any, field: str, value: Any, *where: Any, exclude: int | None) -> None:
    query = sa.select(model.id).where(getattr(model, field) == value, *where)
    if exclude is not None:
        query = query.where(model.id != exclude)
    if value is not None and db.session.scalar(query) is not None:
        raise InputError(str(_l("既に使われています。")), field)


def save_consortium(consortium: Consortium | None, data: dict[str, Any]) -> Consortium:
    _unique_name(Consortium, "name", data["name"], exclude=consortium and consortium.id)
    created = consortium is None
    consortium = consortium or Consortium(name=data["name"])
    if created:
        db.session.add(consortium)
    before, after = _apply(consortium, CONSORTIUM_FIELDS, data)
    db.session.flush()
    action = "consortium.create" if created else "consortium.update"
    audit.record(
        action,
        consortium,
        say(
            N_("協議会「%(name)s」を作成") if created else N_("協議会「%(name)s」を更新"),
            name=consortium.name,
        ),
        before=None if created else before,
        after=after,
        consortium_id=consortium.id,
    )
    return consortium


def save_member(consortium: Consortium, member: Member | None, data: dict[str, Any]) -> Member:
    scope = Member.consortium_id == consortium.id
    exclude = member.id if member else None
    _unique_name(Member, "name", data["name"], scope, exclude=exclude)
    _unique_name(Member, "party_label", data.get("party_label"), scope, exclude=exclude)
    for field in ("name", "representative_title", "representative_name", "address"):
        message = fonts.problem(data.get(field) or "")
        if message:
            raise InputError(message, field)
    joined, left = data.get("joined_on"), member and member.left_on
    if joined is not None and left is not None and joined > left:
        raise InputError(str(_l("加入日は脱退日以前の日付にしてください。")), "joined_on")
    created = member is None
    member = member or Member(consortium=consortium, name=data["name"])
    if created:
        db.session.add(member)
    before, after = _apply(member, MEMBER_FIELDS, data)
    db.session.flush()
    audit.record(
        "member.create" if created else "member.update",
        member,
        say(
            N_("構成団体「%(name)s」を追加") if created else N_("構成団体「%(name)s」を更新"),
            name=member.name,
        ),
        before=None if created else before,
        after=after,
        consortium_id=consortium.id,
    )
    return member


def add_membership(
    user: User, consortium: Consortium, role: Role, member: Member | None
) -> Membership:
    if role.needs_member and (member is None or member.consortium_id != consortium.id):
        raise InputError(str(_l("この役割には、この協議会の構成団体を選んでください。")), "member")
    if not role.needs_member:
        member = None
    member_id = member.id if member else None
    exists = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.user_id == user.id,
            Membership.consortium_id == consortium.id,
            Membership.role == role.value,
            Membership.member_id.is_(None)
            if member_id is None
            else Membership.member_id == member_id,
        )
    )
    if exists:
        raise InputError(str(_l("この役割は既に登録されています。")), "role")
    membership = Membership(user=user, consortium=consortium, role=role.value, member=member)
    db.session.add(membership)
    db.session.flush()
    audit.record(
        "membership.create",
        membership,
        say("%(username)s を %(role)s として登録", username=user.username, role=role.value),
        after={"user": user.username, "role": role.value, "member": member and member.name},
        consortium_id=consortium.id,
    )
    return membership


def remove_membership(membership: Membership) -> None:
    audit.record(
        "membership.delete",
        membership,
        say(
            "%(username)s の %(role)s を解除",
            username=membership.user.username,
            role=membership.role,
        ),
        before={"user": membership.user.username, "role": membership.role},
        consortium_id=membership.consortium_id,
    )
    db.session.delete(membership)


def consortia_of(user: User) -> list[Consortium]:
    """The consortia a user belongs to, by name."""
    return list(
        db.session.scalars(
            sa.select(Consortium)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .distinct()
            .order_by(Consortium.name)
        )
    )
