"""Issue 15, 出欠回答: each member answers attendance before a meeting (出席 / 欠席 / 代理出席),
by its liaison or a facilitator on its behalf, changeable until the start; the facilitator sees
who is coming, the dashboard asks for missing answers, and attendance on the day starts from
the answers."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.meetings import rsvp
from negotiator.meetings.models import AttendanceAnswer, Meeting, as_utc
from tests.factories import login
from tests.meetings.factories import make_meeting

SOON = dt.timedelta(days=3)
NAMES = "総務課長 山田 太郎\n情報政策係長 高知 花子"


def _client(app, user: str = "liaison"):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _meeting(app, world, starts_in: dt.timedelta = SOON, **kwargs) -> int:  # noqa: ANN001
    with app.app_context():
        start = dt.datetime.now(dt.UTC) + starts_in
        meeting = make_meeting(world.negotiation_id, [world.item_id], start=start, **kwargs)
        db.session.commit()
        return meeting.id


def _answers(app, meeting_id: int) -> dict[int, tuple]:  # noqa: ANN001
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AttendanceAnswer).where(AttendanceAnswer.meeting_id == meeting_id)
        )
        return {a.member_id: (a.answer, a.attendees, a.note, a.on_behalf, a.version) for a in rows}


def _audit(app, action: str) -> list[AuditEntry]:  # noqa: ANN001
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def _url(meeting_id: int, member_id: int) -> str:
    return f"/meetings/{meeting_id}/members/{member_id}/rsvp"


def test_a_liaison_answers_and_changes_the_answer(app, world):
    m, member = _meeting(app, world), world.member_ids[0]
    client = _client(app)
    page = client.get(_url(m, member)).get_data(as_text=True)
    assert 'name="version" type="hidden" value="0"' in page
    form = {"answer": "attend", "attendees": f" {NAMES}\n\n", "note": "", "version": 0}
    response = client.post(_url(m, member), data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("#rsvp")
    assert _answers(app, m) == {member: ("attend", NAMES, "", False, 1)}
    (entry,) = _audit(app, "meeting.rsvp")
    assert entry.summary == "須崎市の出欠回答: 出席(総務課長 山田 太郎、情報政策係長 高知 花子)"

    # The page offers the stored answer to change; a substitute comes instead.
    page = client.get(_url(m, member)).get_data(as_text=True)
    assert 'value="1"' in page and "総務課長 山田 太郎" in page
    form = {
        "answer": "proxy",
        "attendees": "総務課長補佐 安芸 次郎",
        "note": "課長は公務",
        "version": 1,
    }
    assert client.post(_url(m, member), data=form).status_code == 302
    assert _answers(app, m) == {member: ("proxy", "総務課長補佐 安芸 次郎", "課長は公務", False, 2)}
    (change,) = _audit(app, "meeting.rsvp_change")
    assert change.before["answer"] == "attend" and change.after["answer"] == "proxy"

    # The facilitator's meeting page: counts, and per member the answer, names or 未回答.
    page = _client(app, "facilitator").get(f"/meetings/{m}").get_data(as_text=True)
    counts = re.search(r'id="rsvp-counts">(.*?)</p>', page, re.S).group(1)
    assert "代理出席 1団体" in counts and "出席 0団体" in counts
    assert "未回答 2団体" in counts and "出席予定 1人" in counts
    row = re.search(rf'<tr id="rsvp-{member}">(.*?)</tr>', page, re.S).group(1)
    assert "代理出席" in row and "総務課長補佐 安芸 次郎" in row and "課長は公務" in row
    other = re.search(rf'<tr id="rsvp-{world.member_ids[1]}">(.*?)</tr>', page, re.S).group(1)
    assert "未回答" in other


def test_a_stale_form_is_refused_and_changes_nothing(app, world):
    m, member = _meeting(app, world), world.member_ids[0]
    client = _client(app)
    first = {"answer": "attend", "attendees": NAMES, "version": 0}
    assert client.post(_url(m, member), data=first).status_code == 302
    # A second tab opened before the first answer still says version 0.
    stale = {"answer": "absent", "attendees": "", "version": 0}
    response = client.post(_url(m, member), data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "他の人が先にこの団体の出欠を回答しました" in page
    assert 'id="rsvp-current"' in page  # what the other answer says, to compare
    assert _answers(app, m) == {member: ("attend", NAMES, "", False, 1)}
    assert _audit(app, "meeting.rsvp_change") == []


def test_names_are_required_for_someone_coming_and_dropped_for_an_absence(app, world):
    m, member = _meeting(app, world), world.member_ids[0]
    client = _client(app)
    response = client.post(_url(m, member), data={"answer": "proxy", "version": 0})
    assert 'id="attendees-error">出席する方の職・氏名を入力してください。' in (
        response.get_data(as_text=True)
    )
    assert _answers(app, m) == {}
    long = {"answer": "attend", "attendees": "あ" * 1001, "version": 0}
    assert 'id="attendees-error"' in client.post(_url(m, member), data=long).get_data(as_text=True)
    assert _answers(app, m) == {}
    absent = {
        "answer": "absent",
        "attendees": "残っていた名前",
        "note": "日程が合わず",
        "version": 0,
    }
    assert client.post(_url(m, member), data=absent).status_code == 302
    assert _answers(app, m) == {member: ("absent", "", "日程が合わず", False, 1)}


def test_refused_once_the_meeting_has_started_or_was_held(app, world):
    started = _meeting(app, world, -dt.timedelta(minutes=30))
    held = _meeting(app, world, -dt.timedelta(days=1), held=True)
    member = world.member_ids[0]
    client = _client(app)
    for m, why in (
        (started, "会議の開始日時を過ぎたため、出欠の回答は締め切りました。"),
        (held, "開催済みの会議には出欠を回答できません。"),
    ):
        page = client.get(_url(m, member)).get_data(as_text=True)
        assert why in page and 'name="answer"' not in page
        form = {"answer": "attend", "attendees": NAMES, "version": 0}
        response = client.post(_url(m, member), data=form)
        assert response.status_code == 200 and why in response.get_data(as_text=True)
        assert _answers(app, m) == {}
        meeting_page = client.get(f"/meetings/{m}").get_data(as_text=True)
        if m == started:  # a held meeting without answers shows the day's attendance only
            assert why in meeting_page and 'id="rsvp-why"' in meeting_page
        assert _url(m, member) not in meeting_page
    assert _audit(app, "meeting.rsvp") == []


def test_only_the_members_liaison_or_a_facilitator_answers(app, world):
    m, mine, theirs = _meeting(app, world), world.member_ids[0], world.member_ids[1]
    form = {"answer": "attend", "attendees": NAMES, "version": 0}
    liaison = _client(app)
    assert liaison.get(_url(m, theirs)).status_code == 403
    assert liaison.post(_url(m, theirs), data=form).status_code == 403
    assert _client(app, "observer").post(_url(m, mine), data=form).status_code == 403
    assert liaison.post(_url(m, world.other_member_id), data=form).status_code == 404
    assert _answers(app, m) == {}
    # The liaison's meeting page links its own member's answer only.
    page = liaison.get(f"/meetings/{m}").get_data(as_text=True)
    assert _url(m, mine) in page and _url(m, theirs) not in page
    # A facilitator answers for a member without a liaison here: recorded as on its behalf.
    nobody = world.member_ids[2]
    facilitator = _client(app, "facilitator")
    page = facilitator.get(_url(m, nobody)).get_data(as_text=True)
    assert "事務局として四万十町に代わって回答します" in page
    assert facilitator.post(_url(m, nobody), data=form).status_code == 302
    assert _answers(app, m)[nobody][3] is True
    (entry,) = _audit(app, "meeting.rsvp")
    assert entry.summary.endswith("(事務局が代理回答)") and entry.after["on_behalf"] is True
    page = facilitator.get(f"/meetings/{m}").get_data(as_text=True)
    assert "(事務局が代理で回答)" in page


def test_the_dashboard_asks_for_the_answer_until_it_is_given(app, world):
    m = _meeting(app, world)
    past = _meeting(app, world, -dt.timedelta(days=2))  # recorded after the fact: no to-do
    client = _client(app)
    home = client.get("/").get_data(as_text=True)
    assert f'href="{_url(m, world.member_ids[0])}"' in home
    assert "出欠を回答する" in home and _url(past, world.member_ids[0]) not in home
    assert _url(m, world.member_ids[1]) not in home  # another member's liaison answers that
    assert "出欠を回答する" not in _client(app, "facilitator").get("/").get_data(as_text=True)
    form = {"answer": "absent", "version": 0}
    assert client.post(_url(m, world.member_ids[0]), data=form).status_code == 302
    assert _url(m, world.member_ids[0]) not in client.get("/").get_data(as_text=True)
    # The other member still owes its answer.
    other = _client(app, "other_liaison").get("/").get_data(as_text=True)
    assert _url(m, world.member_ids[1]) in other


def test_attendance_on_the_day_starts_from_the_answers(app, world):
    m = _meeting(app, world, -dt.timedelta(minutes=10))
    first, second, third = world.member_ids
    with app.app_context():
        meeting = db.session.get(Meeting, m)
        user = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
        before = as_utc(meeting.starts_at) - dt.timedelta(days=1)
        for member_id, data in (
            (first, {"answer": "attend", "attendees": NAMES}),
            (second, {"answer": "absent", "note": "議会日程"}),
        ):
            member = db.session.get(Member, member_id)
            rsvp.record_answer(meeting, member, data, 0, user, ConsortiumRoles(), now=before)
        db.session.commit()
    client = _client(app, "facilitator")
    page = client.get(f"/meetings/{m}/attendance").get_data(as_text=True)
    rows = re.findall(r'<fieldset class="card attendance-row">(.*?)</fieldset>', page, re.S)
    assert len(rows) == 3
    assert '<option selected value="in_person">' in rows[0] and "情報政策係長 高知 花子" in rows[0]
    assert '<option selected value="absent">' in rows[1] and "議会日程" in rows[1]
    assert "未回答" in rows[2] and '<option selected value="in_person">' in rows[2]
    # Saved as shown: the answers become the record of the day.
    form = {f"rows-{k}-member_id": mid for k, mid in enumerate(world.member_ids)}
    form |= {"rows-0-presence": "in_person", "rows-0-attendees": NAMES}
    form |= {"rows-1-presence": "absent", "rows-1-attendees": ""}
    form |= {"rows-2-presence": "remote", "rows-2-attendees": "企画課長 四万 十子"}
    assert client.post(f"/meetings/{m}/attendance", data=form).status_code == 302
    page = client.get(f"/meetings/{m}/attendance").get_data(as_text=True)
    rows = re.findall(r'<fieldset class="card attendance-row">(.*?)</fieldset>', page, re.S)
    assert '<option selected value="remote">' in rows[2]  # recorded wins over the answer
