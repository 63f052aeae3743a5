"""Meetings of the demo council, recorded as the demo users would: 第1回・第2回協議会 (held,
minutes confirmed) took up the finished negotiation (demo_negotiation.load_finished uses the
helpers here); 第3回 (held, minutes confirmed) and 第4回 (scheduled, with a 報告事項) the
IT-BCP one, which also has an open written round."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.db import db, utcnow
from negotiator.documents import services as documents
from negotiator.meetings import minutes, queries, rounds, services
from negotiator.meetings.models import Meeting
from negotiator.message import say
from negotiator.negotiation import queries as negotiation_queries
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.workflow import Actor

JST = dt.timezone(dt.timedelta(hours=9))
ATTENDEES = {
    "須崎市": "総務課長 山崎 明\n情報担当 片岡 由美",
    "中土佐町": "総務課 情報係長 森 健二",
    "四万十町": "情報推進室長 武田 亮",
}


def _meeting(negotiation: Negotiation, start: dt.datetime, place: str, mode: str):  # noqa: ANN202
    return services.create_meeting(
        negotiation.consortium,
        {
            "title": "",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "place": place,
            "mode": mode,
        },
    )


def held_meeting(
    negotiation: Negotiation, start: dt.datetime, place: str, items: list[AgendaItem]
) -> Meeting:
    """A council meeting entered after it took place: agenda, attendance, marked held. Run as
    the facilitator (acting_as)."""
    members = negotiation_queries.members_of(negotiation.consortium_id)
    meeting = _meeting(negotiation, start, place, "hybrid")
    for item in items:
        services.add_to_agenda(meeting, item)
    services.record_attendance(meeting, _attendance(members), members)
    services.mark_held(meeting)
    return meeting


def _attendance(members: list) -> list[dict]:
    return [
        {
            "member_id": m.id,
            "presence": "remote" if m.name == "四万十町" else "in_person",
            "attendees": ATTENDEES.get(m.name, ""),
        }
        for m in members
    ]


def confirm_minutes(meeting: Meeting, notes: str, entry_notes: dict[int, str]) -> None:
    """The facilitator writes and publishes the minutes; every member's liaison confirms them.
    `entry_notes`: item id -> what the minutes say about it."""
    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    facilitator = users["jimukyoku"]
    members = negotiation_queries.members_of(meeting.consortium_id)
    with acting_as(facilitator):
        meeting.notes = notes
        for entry in meeting.agenda:
            entry.notes = entry_notes.get(entry.item_id, entry.notes)
        view = queries.meeting_view(meeting, Actor(is_facilitator=True))
        minutes.publish(meeting, queries.minutes_content(view), "", facilitator)
    for member in members:
        liaison = users[f"{SLUGS[member.name]}-liaison"]
        with acting_as(liaison):
            minutes.confirm(meeting, member, {"answer": "confirm", "revision": 1}, liaison, members)


# What the minutes of 第1回・第2回協議会 say (the finished negotiation, demo_negotiation.py).
SUSAKI = "須崎市役所 3階 第1会議室"
NAKATOSA = "中土佐町役場 2階 大会議室"
FIRST_MINUTES = (
    "事務局からグループウェア共同利用の進め方を説明し、各団体の了承を得た。\n\n"
    "- 次回までに、アクセス権制御ポリシーの修正案を事務局がまとめる。"
)
FIRST_ACCESS = (
    "四万十町から、管理者が1団体だけでは異動処理が遅れるとの意見があり、"
    "管理者を各団体1名とする方向で修正案を作成することとした。"
)
FIRST_REMOTE = "中土佐町の条件(貸与端末は団体ごとに上限10台)を付して合意した。"
SECOND_MINUTES = (
    "アクセス権制御ポリシーの修正案(管理者を各団体1名)、費用負担の方法(別表)及び"
    "障害時の連絡体制について協議し、いずれも全団体の賛成により合意した。\n\n"
    "- 事務局は、合意した事項により協定書案を作成する。"
)


SLUGS = {"須崎市": "susaki", "中土佐町": "nakatosa", "四万十町": "shimanto"}
REPORT = "報告事項 グループウェアの運用状況(令和8年度上半期)"


HANDOUT = "運用状況報告_令和8年度上半期(例示).csv"
HANDOUT_ROWS = (
    "構成団体,利用者数,月平均ログイン率(%),問合せ件数",
    "須崎市,420,92,35",
    "中土佐町,180,88,12",
    "四万十町,400,90,28",
)


def _handout(meeting: Meeting, facilitator: User) -> None:
    """The report's handout (配布資料): illustrative figures, as its name says."""
    data = ("\r\n".join(HANDOUT_ROWS) + "\r\n").encode("utf-8-sig")
    where = say("会議「%(title)s」", title=meeting.title)
    target = {"meeting_id": meeting.id}
    documents.add(meeting.consortium_id, target, HANDOUT, data, facilitator, where)


def load_meetings(negotiation: Negotiation) -> None:
    """Add 第3回 (held, minutes confirmed), 第4回 (scheduled, with a 報告事項) and an open
    written round to the IT-BCP negotiation."""
    facilitator = db.session.scalar(sa.select(User).where(User.username == "jimukyoku"))
    members = negotiation_queries.members_of(negotiation.consortium_id)
    items = list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.negotiation_id == negotiation.id)
            .order_by(AgendaItem.number)
        )
    )
    # Whatever the demo negotiation holds: discussed items were on 第3回, open ones go on.
    discussed = [i for i in items if i.state in ("discussed", "agreed")][:2]
    still_open = [i for i in items if i.state in ("proposed", "discussed")]
    proposed = [i for i in items if i.state == "proposed"] or still_open
    with acting_as(facilitator):
        third = held_meeting(
            negotiation,
            dt.datetime(2026, 5, 12, 13, 30, tzinfo=JST),
            "須崎市役所 3階 第1会議室",
            discussed,
        )
        services.add_action(
            third,
            {
                "description": "災害時に使う端末の台数を報告する",
                "owner_member_id": members[2].id,
                "due_date": dt.date(2026, 6, 5),
            },
            members,
        )
    confirm_minutes(
        third,
        "事務局から防災情報の共有の進め方を説明し、各団体の了承を得た。\n\n"
        "- 次回までに運用ルール案を事務局がまとめる。",
        {i.id: f"「{i.title}」について各団体の意見を聴取した。" for i in discussed},
    )
    with acting_as(facilitator):
        fourth = _meeting(
            negotiation,
            dt.datetime(2026, 12, 15, 14, 0, tzinfo=JST),
            "四万十町役場 大会議室",
            "in_person",
        )
        for item in still_open:
            services.add_to_agenda(fourth, item)
        services.add_free_entry(fourth, REPORT, "事務局から資料により報告する。")
        _handout(fourth, facilitator)
        deadline = utcnow() + dt.timedelta(days=14)
        rounds.open_round(
            negotiation,
            {"title": f"{proposed[0].title}(書面協議)", "deadline": deadline},
            proposed[:1],
            facilitator,
        )
