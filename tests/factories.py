"""Small builders for test data. Call them inside an app context; they flush, callers commit."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from negotiator.auth import services as accounts
from negotiator.auth.models import User
from negotiator.consortia import services as consortia
from negotiator.consortia.models import Consortium, Member, Role
from negotiator.db import db
from negotiator.negotiation.models import Negotiation

PASSWORD = "test-pass-2026"
_ACTOR = None


def make_user(username: str, *, admin: bool = False) -> User:
    return accounts.create_user(username, PASSWORD, username.title(), is_admin=admin)


def make_consortium(name: str = "高知県中西部電算協議会") -> Consortium:
    return consortia.save_consortium(None, {"name": name, "description": ""})


LABELS = "甲乙丙丁戊己庚辛壬癸"


def make_member(consortium: Consortium, name: str) -> Member:
    index = len(consortium.members)
    label = LABELS[index] if index < len(LABELS) else None
    return consortia.save_member(
        consortium,
        None,
        {
            "name": name,
            "kind": "town",
            "party_label": label,
            "representative_title": f"{name}長",
            "representative_name": "",
            "address": "",
            "sort_order": index,
        },
    )


def grant(user: User, consortium: Consortium, role: Role, member: Member | None = None) -> None:
    consortia.add_membership(user, consortium, role, member)


def make_negotiation(
    consortium: Consortium, title: str = "グループウェア共同利用", rule: str = "unanimity"
) -> Negotiation:
    negotiation = Negotiation(consortium=consortium, title=title, decision_rule=rule)
    db.session.add(negotiation)
    db.session.flush()
    return negotiation


@dataclasses.dataclass
class World:
    """One consortium with three members and a user for every role, plus an outsider."""

    consortium_id: int
    other_consortium_id: int
    member_ids: list[int]
    other_member_id: int
    negotiation_id: int
    item_id: int
    condition_id: int


ROLE_USERS = {
    # username: (role, member index or None)
    "observer": (Role.OBSERVER, None),
    "liaison": (Role.LIAISON, 0),
    "other_liaison": (Role.LIAISON, 1),
    "facilitator": (Role.FACILITATOR, None),
    "signatory": (Role.SIGNATORY, 0),
}


def build_world(app: Flask) -> World:
    with app.app_context():
        council = make_consortium()
        members = [make_member(council, n) for n in ("須崎市", "中土佐町", "四万十町")]
        for username, (role, index) in ROLE_USERS.items():
            grant(make_user(username), council, role, None if index is None else members[index])
        make_user("admin", admin=True)
        other = make_consortium("幡多地域情報化協議会")
        other_member = make_member(other, "宿毛市")
        grant(make_user("outsider"), other, Role.FACILITATOR)
        grant(make_user("outsider_liaison"), other, Role.LIAISON, other_member)
        negotiation = make_negotiation(council)
        item = make_item(negotiation, "アクセス権制御ポリシー")
        position = record(item, members[0], "conditional", conditions="端末を限定する")
        db.session.commit()
        return World(
            council.id,
            other.id,
            [m.id for m in members],
            other_member.id,
            negotiation.id,
            item.id,
            position.conditions[0].id,
        )


def make_item(
    negotiation: Negotiation,
    title: str,
    text: str = "提案文",
    category: str = "access_control",
    proposer: Member | None = None,
    rule: str | None = None,
):  # noqa: ANN201
    from negotiator.negotiation import services

    author = db.session.scalar(sa.select(User).order_by(User.id))
    data = {
        "title": title,
        "category": category,
        "description": "",
        "proposing_member_id": proposer.id if proposer else None,
        "rule_override": rule,
    }
    return services.propose_item(negotiation, data, text, author)


def record(item, member: Member, stance: str, **extra: str):  # noqa: ANN001, ANN201
    """Record a position as the member's own liaison would."""
    from negotiator.auth.permissions import ConsortiumRoles
    from negotiator.negotiation import services

    author = db.session.scalar(sa.select(User).order_by(User.id))
    data = {
        "stance": stance,
        "revision": item.current_revision,
        "source": "email",
        "statement": "",
        "reason": "",
        "conditions": "",
    } | extra
    return services.record_position(
        item, member, data, author, ConsortiumRoles(liaison_of=frozenset({member.id}))
    )


def login(client: FlaskClient, username: str, password: str = PASSWORD):  # noqa: ANN201
    return client.post("/login", data={"username": username, "password": password})


def user_id(username: str) -> int:
    return db.session.scalar(sa.select(User.id).where(User.username == username))
