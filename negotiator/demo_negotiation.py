"""Agenda items of the demo negotiation, in several states, recorded as the demo users would."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import services
from negotiator.negotiation.models import AgendaItem, Negotiation

ACCESS_V1 = """## アクセス権の基本方針

1. 職員アカウントは各団体の人事異動に合わせて、各団体の担当者が登録・削除する。
2. 他団体のスケジュール・文書は閲覧できない。
3. 管理者権限は代表団体(須崎市)の情報担当のみが持つ。
"""
ACCESS_V2 = ACCESS_V1.replace(
    "3. 管理者権限は代表団体(須崎市)の情報担当のみが持つ。",
    "3. 管理者権限は各団体の情報担当が1名ずつ持ち、操作記録を四半期ごとに相互確認する。",
)
REMOTE = """## 庁外からの接続

- 庁外からの接続は、団体が貸与した端末に限る。
- 多要素認証を必須とする。
- 接続記録は1年間保存する。
"""
COST = """## 費用負担の方法

初期費用及び年間運用費を、均等割10%、人口割45%、利用者割45%で負担する。
1円未満の端数は切り捨て、端数の合計は代表団体が負担する。
"""


def _users() -> dict[str, User]:
    return {u.username: u for u in db.session.scalars(sa.select(User))}


def _position(item: AgendaItem, member: Member, user: User, stance: str, **extra: str) -> None:
    data = {
        "stance": stance,
        "revision": item.current_revision,
        "source": "meeting",
        "statement": "",
        "reason": "",
        "conditions": "",
    } | extra
    with acting_as(user):
        services.record_position(
            item, member, data, user, ConsortiumRoles(liaison_of=frozenset({member.id}))
        )


def load_items(negotiation: Negotiation, members: list[Member]) -> None:
    users = _users()
    facilitator = users["jimukyoku"]
    susaki, nakatosa, shimanto = members
    liaison = {
        m.id: users[f"{slug}-liaison"]
        for m, slug in zip(members, ("susaki", "nakatosa", "shimanto"), strict=True)
    }
    fac_roles = ConsortiumRoles(facilitator=True)

    def item(title: str, category: str, text: str, proposer: Member | None) -> AgendaItem:
        data = {
            "title": title,
            "category": category,
            "description": "",
            "proposing_member_id": proposer.id if proposer else None,
            "rule_override": None,
        }
        with acting_as(facilitator):
            return services.propose_item(negotiation, data, text, facilitator)

    access = item("アクセス権制御ポリシー", "access_control", ACCESS_V1, susaki)
    _position(access, susaki, liaison[susaki.id], "agree")
    _position(access, nakatosa, liaison[nakatosa.id], "agree")
    _position(
        access,
        shimanto,
        liaison[shimanto.id],
        "object",
        reason="管理者が1団体だけでは、四万十町の異動処理が遅れる。",
    )
    with acting_as(facilitator):
        services.note_discussed(access, "令和8年5月12日 第1回協議会で協議")
        services.move(access, "discuss", "", facilitator, fac_roles, access.version)
        services.add_revision(
            access,
            ACCESS_V2,
            "管理者を各団体1名に変更",
            facilitator,
            base_revision=access.current_revision,
        )
    for member in members:
        _position(access, member, liaison[member.id], "agree")
    with acting_as(facilitator):
        services.move(access, "agree", "", facilitator, fac_roles, access.version)

    remote = item("庁外からのリモートアクセス", "remote_access", REMOTE, shimanto)
    _position(remote, susaki, liaison[susaki.id], "agree")
    _position(
        remote,
        nakatosa,
        liaison[nakatosa.id],
        "conditional",
        conditions="貸与端末の台数を団体ごとに上限10台とする",
    )
    _position(
        remote,
        shimanto,
        liaison[shimanto.id],
        "undecided",
        statement="庁内の情報セキュリティ委員会で確認中",
    )
    with acting_as(facilitator):
        services.note_discussed(remote, "令和8年5月12日 第1回協議会で協議")
        services.move(remote, "discuss", "", facilitator, fac_roles, remote.version)

    cost = item("費用負担の方法", "cost_split", COST, None)
    _position(cost, susaki, liaison[susaki.id], "agree")
    item(
        "障害時の連絡体制",
        "operations",
        "## 障害時の連絡\n\n代表団体が各団体へ30分以内に連絡する。",
        nakatosa,
    )
