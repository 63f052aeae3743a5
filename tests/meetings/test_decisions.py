"""What a meeting heard (negotiator/meetings/decisions.py): the positions stated at it, with
their conditions and reasons, on the page and in the minutes."""

from __future__ import annotations

import re

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.meetings import decisions, queries
from negotiator.meetings.models import Meeting
from negotiator.negotiation import services
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.workflow import Actor
from tests.factories import login
from tests.meetings.factories import make_meeting


def _state(item: AgendaItem, member: Member, stance: str, meeting_id: int, **text: str) -> None:
    author = db.session.scalar(sa.select(User).order_by(User.id))
    data = {"stance": stance, "revision": item.current_revision, "source": "meeting"}
    data |= {"statement": "", "reason": "", "conditions": ""} | text
    roles = ConsortiumRoles(facilitator=True)
    services.record_position(item, member, data, author, roles, meeting_id=meeting_id)


def test_the_positions_heard_with_their_conditions_and_reasons(app, world):
    with app.app_context():
        meeting_id = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        item = db.session.get(AgendaItem, world.item_id)
        first, second = (db.session.get(Member, i) for i in world.member_ids[:2])
        _state(item, first, "conditional", meeting_id, conditions="端末を限定する\n<b>記録</b>")
        _state(item, second, "object", meeting_id, reason="費用が&大きい")
        db.session.commit()
    client = app.test_client()
    login(client, "facilitator")
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    (heard,) = re.findall(r'<ul class="card positions-heard">(.*?)</ul>', page, re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", heard)).strip()
    assert text == (
        "(1) アクセス権制御ポリシー: 須崎市 条件付賛成 (第1版) 条件: 端末を限定する"
        " 条件: &lt;b&gt;記録&lt;/b&gt; (1) アクセス権制御ポリシー: 中土佐町 反対 (第1版)"
        " 理由: 費用が&amp;大きい"
    )
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        view = queries.meeting_view(meeting, Actor(is_facilitator=True))
        assert list(view["floor_positions"]) == [
            decisions.Heard(
                view["floor_positions"][0].id, world.item_id, "須崎市", "conditional", 1, "",
                ["端末を限定する", "<b>記録</b>"],
            ),
            decisions.Heard(
                view["floor_positions"][1].id, world.item_id, "中土佐町", "object", 1,
                "費用が&大きい", [],
            ),
        ]  # fmt: skip
        snapshot = queries.minutes_content(view)["positions"]
        assert [(p["member"], p["stance"]) for p in snapshot] == [
            ("須崎市", "conditional"),
            ("中土佐町", "object"),
        ]
