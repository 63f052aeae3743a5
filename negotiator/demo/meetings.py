"""Meetings of the demo negotiation: 第1回 held with confirmed minutes, 第2回 scheduled, and an
open written round, recorded as the demo users would."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.db import db, utcnow
from negotiator.meetings import minutes, queries, rounds, services
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
        negotiation,
        {
            "title": "",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "place": place,
            "mode": mode,
        },
    )


def load_meetings(negotiation: Negotiation) -> None:
    """Add 第1回 (held, minutes confirmed), 第2回 (scheduled) and an open written round."""
    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    facilitator = users["jimukyoku"]
    members = negotiation_queries.members_of(negotiation.consortium_id)
    items = list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.negotiation_id == negotiation.id)
            .order_by(AgendaItem.number)
        )
    )
    # Whatever the demo negotiation holds: discussed items were on 第1回, open ones go on.
    discussed = [i for i in items if i.state in ("discussed", "agreed")][:2]
    still_open = [i for i in items if i.state in ("proposed", "discussed")]
    proposed = [i for i in items if i.state == "proposed"] or still_open
    with acting_as(facilitator):
        first = _meeting(
            negotiation,
            dt.datetime(2026, 5, 12, 13, 30, tzinfo=JST),
            "須崎市役所 3階 第1会議室",
            "hybrid",
        )
        for item in discussed:
            services.add_to_agenda(first, item)
        services.record_attendance(
            first,
            [
                {
                    "member_id": m.id,
                    "presence": "remote" if m.name == "四万十町" else "in_person",
                    "attendees": ATTENDEES.get(m.name, ""),
                }
                for m in members
            ],
            members,
        )
        services.mark_held(first)
        first.notes = (
            "事務局から共同利用の進め方を説明し、各団体の了承を得た。\n\n"
            "- 次回までに運用ルール案を事務局がまとめる。"
        )
        for entry in first.agenda:
            entry.notes = f"「{entry.item.title}」について各団体の意見を聴取した。"
        services.add_action(
            first,
            {
                "description": "災害時に使う端末の台数を報告する",
                "owner_member_id": members[2].id,
                "due_date": dt.date(2026, 6, 5),
            },
            members,
        )
        view = queries.meeting_view(first, Actor(is_facilitator=True))
        minutes.publish(first, queries.minutes_content(view), "", facilitator)
    for member in members:
        slug = {"須崎市": "susaki", "中土佐町": "nakatosa", "四万十町": "shimanto"}[member.name]
        liaison = users[f"{slug}-liaison"]
        with acting_as(liaison):
            minutes.confirm(first, member, {"answer": "confirm", "revision": 1}, liaison, members)
    with acting_as(facilitator):
        second = _meeting(
            negotiation,
            dt.datetime(2026, 12, 15, 14, 0, tzinfo=JST),
            "四万十町役場 大会議室",
            "in_person",
        )
        for item in still_open:
            services.add_to_agenda(second, item)
        deadline = utcnow() + dt.timedelta(days=14)
        rounds.open_round(
            negotiation,
            {"title": f"{proposed[0].title}(書面協議)", "deadline": deadline},
            proposed[:1],
            facilitator,
        )
