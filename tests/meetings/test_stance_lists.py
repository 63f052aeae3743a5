"""The agenda's stance lists on the meeting page (negotiator/meetings/stance_lists.py): each
member in council order with the badge of its position on the item's current wording."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import services
from negotiator.negotiation.models import AgendaItem
from tests.factories import login, record
from tests.meetings.factories import make_meeting

JA = [
    '<li>須崎市 <span class="stance stance-conditional stale">条件付賛成</span>'
    ' <span class="stale-note">要再確認(第1版への意見)</span></li>',
    '<li>中土佐町 <span class="stance stance-agree">賛成</span></li>',
    '<li>&lt;b&gt;四万十町&amp; <span class="stance stance-none">未回答</span></li>',
]
EN = [
    '<li><span lang="ja">須崎市</span> <span class="stance stance-conditional stale">'
    "Agree with conditions</span>"
    ' <span class="stale-note">needs reconfirmation (position on revision 1)</span></li>',
    '<li><span lang="ja">中土佐町</span> <span class="stance stance-agree">Agree</span></li>',
    '<li><span lang="ja">&lt;b&gt;四万十町&amp;</span>'
    ' <span class="stance stance-none">No position</span></li>',
]


@pytest.mark.parametrize(("language", "expected"), [("ja", JA), ("en", EN)])
def test_each_member_is_listed_with_the_badge_of_its_position(app, world, language, expected):
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        author = db.session.scalar(sa.select(User).order_by(User.id))
        services.add_revision(item, "提案文(第2版)", "改訂", author, base_revision=1)
        record(item, db.session.get(Member, world.member_ids[1]), "agree")
        db.session.get(Member, world.member_ids[2]).name = "<b>四万十町&"
        meeting_id = make_meeting(world.negotiation_id, [world.item_id]).id
        db.session.commit()
    client = app.test_client()
    login(client, "facilitator")
    client.post("/language", data={"lang": language, "next": "/"})
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    (listed,) = re.findall(r'<ul class="member-stances">\s*(.*?)\s*</ul>', page, re.S)
    assert listed == "".join(expected)
