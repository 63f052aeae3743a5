"""The demo negotiations, recorded step by step as the demo users would have done it.

「グループウェア共同利用」 is finished: every item agreed, the cost split annexed, the agreement
signed by the three mayors and sealed. 「防災情報の共有(IT-BCP)」 is in progress, with items in
every state.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.demo import meetings as dm
from negotiator.documents import services as documents
from negotiator.meetings.models import Meeting
from negotiator.meetings.services import floor_move, floor_position
from negotiator.negotiation import comments, services, suggestions
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.renders.services import render_now

ACCESS_V1 = """## アクセス権の基本方針

1. 職員アカウントは各団体の人事異動に合わせて、各団体の担当者が登録・削除する。
2. 他団体のスケジュール・文書は閲覧できない。
3. 管理者権限は代表団体(須崎市)の情報担当のみが持つ。
"""
ACCESS_V2 = ACCESS_V1.replace(
    "3. 管理者権限は代表団体(須崎市)の情報担当のみが持つ。",
    "3. 管理者権限は各団体の情報担当が1名ずつ持ち、操作記録を四半期ごとに相互確認する。",
)
REMOTE = """庁外からの接続は、団体が貸与した端末に限り、多要素認証を必須とする。

接続記録は1年間保存する。"""
FACILITATOR = ConsortiumRoles(facilitator=True)
COST = """初期費用及び年間運用費の負担方法は、別表のとおりとする。"""
OUTAGE = """障害が発生したときは、代表団体が各団体へ30分以内に連絡する。"""


class Demo:
    """The demo users and members, and small helpers that act as them."""

    def __init__(self, negotiation: Negotiation, members: list[Member]) -> None:
        self.negotiation = negotiation
        self.members = members
        users = {u.username: u for u in db.session.scalars(sa.select(User))}
        self.users = users
        self.facilitator = users["jimukyoku"]
        slugs = ("susaki", "nakatosa", "shimanto")
        self.liaison = {m.id: users[f"{s}-liaison"] for m, s in zip(members, slugs, strict=True)}
        self.mayor = {m.id: users[f"{s}-mayor"] for m, s in zip(members, slugs, strict=True)}

    def item(self, title: str, category: str, text: str, proposer: int | None) -> AgendaItem:
        data = {
            "title": title,
            "category": category,
            "description": "",
            "proposing_member_id": self.members[proposer].id if proposer is not None else None,
            "rule_override": None,
        }
        with acting_as(self.facilitator):
            return services.propose_item(self.negotiation, data, text, self.facilitator)

    def position(
        self,
        item: AgendaItem,
        index: int,
        stance: str,
        meeting: Meeting | None = None,
        **extra: str,
    ) -> None:
        """By the town's liaison; stated in a meeting, recorded there by the facilitator."""
        member = self.members[index]
        data = {
            "stance": stance,
            "revision": item.current_revision,
            "source": "meeting",
            "statement": "",
            "reason": "",
            "conditions": "",
        } | extra
        if meeting is not None:
            with acting_as(self.facilitator):
                floor_position(meeting, item, member, data, self.facilitator, FACILITATOR)
            return
        with acting_as(self.liaison[member.id]):
            services.record_position(
                item,
                member,
                data,
                self.liaison[member.id],
                ConsortiumRoles(liaison_of=frozenset({member.id})),
            )

    def all_agree(self, item: AgendaItem, meeting: Meeting | None = None) -> None:
        for index in range(len(self.members)):
            self.position(item, index, "agree", meeting)

    def move(
        self, item: AgendaItem, name: str, reason: str = "", meeting: Meeting | None = None
    ) -> None:
        with acting_as(self.facilitator):
            if meeting is not None:
                floor_move(meeting, item, name, reason, self.facilitator, FACILITATOR, item.version)
                return
            services.move(
                item,
                name,
                reason,
                self.facilitator,
                ConsortiumRoles(facilitator=True),
                item.version,
            )

    def discuss(self, item: AgendaItem, where: str) -> None:
        with acting_as(self.facilitator):
            services.note_discussed(item, where)
        self.move(item, "discuss")


def load_finished(negotiation: Negotiation, members: list[Member]) -> None:
    """「グループウェア共同利用」 from first proposal to a sealed agreement, through 第1回
    (令和7年11月12日) and 第2回 (令和8年1月20日) 協議会, whose minutes every town confirmed."""
    demo = Demo(negotiation, members)
    access = demo.item("アクセス権制御ポリシー", "access_control", ACCESS_V1, 0)
    remote = demo.item("庁外からのリモートアクセス", "remote_access", REMOTE, 2)
    with acting_as(demo.facilitator):
        first = dm.held_meeting(
            negotiation,
            dt.datetime(2025, 11, 12, 13, 30, tzinfo=dm.JST),
            dm.SUSAKI,
            [access, remote],
        )
    demo.position(access, 0, "agree", meeting=first)
    demo.position(access, 1, "agree", meeting=first)
    demo.position(
        access,
        2,
        "object",
        meeting=first,
        reason="管理者が1団体だけでは、四万十町の異動処理が遅れる。",
    )
    demo.move(access, "discuss", meeting=first)
    demo.position(remote, 0, "agree", meeting=first)
    demo.position(
        remote,
        1,
        "conditional",
        meeting=first,
        conditions="貸与端末の台数を団体ごとに上限10台とする",
    )
    demo.position(remote, 2, "agree", meeting=first)
    demo.move(remote, "discuss", meeting=first)
    demo.move(remote, "agree", meeting=first)
    dm.confirm_minutes(
        first, dm.FIRST_MINUTES, {access.id: dm.FIRST_ACCESS, remote.id: dm.FIRST_REMOTE}
    )
    with acting_as(demo.facilitator):
        services.add_revision(
            access,
            ACCESS_V2,
            "管理者を各団体1名に変更",
            demo.facilitator,
            base_revision=access.current_revision,
        )
    cost = demo.item("費用負担の方法", "cost_split", COST, None)
    _propose_cost_split(negotiation, cost, demo.facilitator)
    outage = demo.item("障害時の連絡体制", "operations", OUTAGE, 1)
    with acting_as(demo.facilitator):
        second = dm.held_meeting(
            negotiation,
            dt.datetime(2026, 1, 20, 14, 0, tzinfo=dm.JST),
            dm.NAKATOSA,
            [access, cost, outage],
        )
    for item in (access, cost, outage):
        demo.all_agree(item, meeting=second)
        if item.state == "proposed":
            demo.move(item, "discuss", meeting=second)
        demo.move(item, "agree", meeting=second)
    dm.confirm_minutes(second, dm.SECOND_MINUTES, {})
    _execute_agreement(demo)


def _propose_cost_split(negotiation: Negotiation, item: AgendaItem, facilitator: User) -> None:
    """Candidates from the cost workspace; the 10/45/45 mix becomes the proposal."""
    from negotiator.costs import services as costs
    from negotiator.costs.models import CostCandidate
    from negotiator.demo.costs import load_costs

    load_costs(negotiation)
    chosen = db.session.scalars(
        sa.select(CostCandidate).where(
            CostCandidate.item_id == item.id, CostCandidate.method == "mix"
        )
    ).first()
    if chosen is not None:
        with acting_as(facilitator):
            costs.propose(item, chosen, facilitator, item.current_revision)


def _execute_agreement(demo: Demo) -> None:
    from negotiator.agreements import services as agreements
    from negotiator.agreements import signing
    from negotiator.agreements.signing_date import japan_today
    from negotiator.demo import DEMO_PASSWORD

    # The mayors sign today (電子署名, 立会人型), so 締結日 is today: never before a signature.
    today = japan_today()
    with acting_as(demo.facilitator):
        agreement = agreements.create_draft(demo.negotiation)
        agreements.update_settings(
            agreement,
            {
                "title": "グループウェアシステムの共同利用に関する協定書",
                "subject": "グループウェアシステムの共同利用",
                "effective_date": today,
                "term": "令和11年3月31日まで",
                "signing_date": today,
                "include_consultation": True,
                "execution_method": "witness",
            },
            agreement.version,
        )
        agreements.add_standard_article(
            agreement,
            "脱退",
            "構成団体は、脱退しようとする日の6か月前までに、書面により"
            "他の構成団体に申し出るものとする。",
            agreement.version,
        )
        _legal_wording(agreement)
        # The demo's figures are examples (例示); its pages say so wherever they show them.
        job = agreements.send_for_signature(agreement, agreement.version, allow_illustrative=True)
        render_now(job)  # the mayors sign at once, in this transaction
    _record_approvals(demo, agreement, today)
    for member in demo.members:
        mayor = demo.mayor[member.id]
        with acting_as(mayor):
            signing.sign(agreement, member, mayor, DEMO_PASSWORD, agreement.content_hash)


# Each town's 決裁 of the frozen text: (days before 締結日 drafted, decided), 文書番号, 決裁者.
APPROVALS = (
    (12, 5, "須総第123号", "市長"),
    (10, 4, "中総第456号", "町長"),
    (11, 3, "四総第789号", "副町長"),
)


def _record_approvals(demo: Demo, agreement, today) -> None:  # noqa: ANN001 - Agreement, date
    """The council requires 決裁 before signing: each liaison records its town's."""
    import datetime as dt

    from negotiator.agreements import approvals

    for member, (drafted, decided, number, title) in zip(demo.members, APPROVALS, strict=True):
        liaison = demo.liaison[member.id]
        data = {
            "status": "approved",
            "drafted_on": today - dt.timedelta(days=drafted),
            "approved_on": today - dt.timedelta(days=decided),
            "document_number": number,
            "approver_title": title,
            "note": "",
        }
        with acting_as(liaison):
            approvals.record_approval(
                agreement, member, liaison, data, 0, agreement.content_hash or ""
            )


def _legal_wording(agreement) -> None:  # noqa: ANN001 - an Agreement
    """The facilitator words the agreed outage rule as the agreement needs it.

    代表団体 is not defined in the agreement, so the article names 甲; every party sees the
    change from the agreed text before signing.
    """
    from negotiator.agreements import drafting

    outage = next(a for a in agreement.articles if a.caption == "障害時の連絡体制")
    drafting.edit_article(
        agreement,
        outage,
        outage.caption,
        "障害が発生したときは、甲は、発生を知った時から30分以内に、乙及び丙に連絡する。",
        agreement.version,
    )


def load_in_progress(negotiation: Negotiation, members: list[Member]) -> None:
    """「防災情報の共有(IT-BCP)」: items in every state, still being negotiated."""
    demo = Demo(negotiation, members)
    shelters = demo.item(
        "避難所情報の共有方法",
        "operations",
        "避難所の開設状況は、各団体がグループウェアの共有掲示板に30分ごとに掲示する。",
        0,
    )
    demo.all_agree(shelters)
    demo.discuss(shelters, "令和8年5月12日 第3回協議会で協議")
    demo.move(shelters, "agree")

    access = demo.item(
        "災害時の庁外アクセス",
        "remote_access",
        "災害対策本部の設置中は、職員の私有端末からの閲覧を認める。",
        2,
    )
    demo.position(access, 0, "agree")
    demo.position(access, 1, "undecided", statement="庁内の情報セキュリティ委員会で確認中")
    demo.position(access, 2, "object", reason="私有端末からの情報漏えいの危険が大きい。")
    demo.discuss(access, "令和8年5月12日 第3回協議会で協議")

    drill = demo.item(
        "BCP訓練の共同実施", "other", "年1回、3市町合同でシステム停止を想定した訓練を行う。", 1
    )
    demo.position(drill, 1, "agree")
    discuss_drill(demo, drill)

    phones = demo.item("衛星電話の共同購入", "other", "衛星電話を3市町で共同購入する。", 1)
    demo.move(phones, "withdraw")


# 須崎市's comment attaches its dates (illustrative, as the file's name says).
DRILL_FILE = "訓練日程案(例示).csv"
DRILL_DATES = ("候補,日付,備考", "第1候補,5月中旬,出水期前", "第2候補,5月下旬,議会日程と調整")


def discuss_drill(demo: Demo, drill: AgendaItem) -> None:
    """Between meetings: 須崎市 asks 中土佐町 (the proposer) about the drill's season, with its
    candidate dates attached, 中土佐町 answers, and 須崎市 puts its wording as a 修正案."""
    susaki, nakatosa = demo.members[0], demo.members[1]
    ids = {m.id for m in demo.members}
    with acting_as(demo.liaison[susaki.id]):
        question = comments.add_comment(
            drill,
            "訓練の時期は、出水期前の**5月**にしてはどうでしょうか。",
            demo.liaison[susaki.id],
            parent_id=None,
            mentioned_member_id=nakatosa.id,
            member_ids=ids,
        )
        db.session.flush()
        where = documents.on_comment(drill.title, question.author.display_name)
        target = {"comment_id": question.id}
        data = ("\r\n".join(DRILL_DATES) + "\r\n").encode("utf-8-sig")
        documents.add(susaki.consortium_id, target, DRILL_FILE, data, question.author, where)
    with acting_as(demo.liaison[nakatosa.id]):
        comments.add_comment(
            drill,
            "5月で異存ありません。文言の案をいただければ検討します。",
            demo.liaison[nakatosa.id],
            parent_id=question.id,
            mentioned_member_id=None,
            member_ids=ids,
        )
    with acting_as(demo.liaison[susaki.id]):
        suggestions.propose(
            drill,
            susaki,
            {
                "text": "年1回、出水期前の5月に、3市町合同でシステム停止を想定した訓練を行う。",
                "reason": "台風・大雨の時期の前に手順を確認しておくため。",
                "base_revision": drill.current_revision,
            },
            demo.liaison[susaki.id],
        )
