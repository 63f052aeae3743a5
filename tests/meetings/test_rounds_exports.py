"""Written rounds (deadline boundary, deemed consent), iCalendar and the minutes PDF."""

from __future__ import annotations

import datetime as dt
import subprocess

import icalendar
import sqlalchemy as sa

from negotiator.consortia.models import Consortium, Role
from negotiator.db import db
from negotiator.meetings.facts import discussion_facts
from negotiator.negotiation import queries, workflow
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.factories import grant, login, make_item, make_user, record
from tests.meetings.factories import make_meeting, make_round

DEADLINE = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)  # 17:00 in Japan
TICK = dt.timedelta(microseconds=1)


def _consent_item(app, world) -> int:  # noqa: ANN001
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        negotiation.deemed_consent = True
        item = make_item(negotiation, "障害時の連絡体制", rule="consent")
        record(item, negotiation.consortium.members[0], "agree")
        make_round(world.negotiation_id, [item.id], DEADLINE, DEADLINE - dt.timedelta(days=7))
        db.session.commit()
        return item.id


def _rule(item_id: int, now: dt.datetime):  # noqa: ANN202
    item = db.session.get(AgendaItem, item_id)
    members = queries.members_of(item.negotiation.consortium_id)
    positions = queries.latest_positions([item.id]).get(item.id, {})
    facts = queries.item_facts(
        item, item.negotiation, members, positions, discussion_facts([item], now)[item.id]
    )
    return facts, workflow.rule_status(facts)


def test_deemed_consent_only_from_the_deadline(app, world):
    item_id = _consent_item(app, world)
    with app.app_context():
        before, rule = _rule(item_id, DEADLINE - TICK)
        assert not before.discussed and not before.deadline_passed and not rule.met
        at, rule = _rule(item_id, DEADLINE)
        assert at.discussed and at.deadline_passed and rule.met
        assert [m.name for m in rule.deemed] == ["中土佐町", "四万十町"]


def test_no_deemed_consent_under_unanimity(app, world):
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        negotiation.deemed_consent = True
        make_round(world.negotiation_id, [world.item_id], DEADLINE, DEADLINE - dt.timedelta(1))
        db.session.commit()
        facts, rule = _rule(world.item_id, DEADLINE + dt.timedelta(days=1))
        assert facts.deadline_passed and not rule.met and rule.deemed == ()


def test_round_answers_close_it_when_everyone_answered(app, world):
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        grant(make_user("third_liaison"), council, Role.LIAISON, council.members[2])
        now = dt.datetime.now(dt.UTC)
        r = make_round(world.negotiation_id, [world.item_id], now + dt.timedelta(days=3), now).id
        db.session.commit()
    outsider = app.test_client()
    login(outsider, "other_liaison")
    url = f"/rounds/{r}/items/{world.item_id}/members/{world.member_ids[0]}/answer"
    assert outsider.post(url, data={"stance": "agree", "revision": 1}).status_code == 403
    for user, index in (("liaison", 0), ("other_liaison", 1), ("third_liaison", 2)):
        client = app.test_client()
        login(client, user)
        url = f"/rounds/{r}/items/{world.item_id}/members/{world.member_ids[index]}/answer"
        bad = client.post(url, data={"stance": "object", "reason": "", "revision": 1})
        assert 'id="reason-error"' in bad.get_data(as_text=True)
        assert client.post(url, data={"stance": "agree", "revision": 1}).status_code == 302
    page = client.get(f"/rounds/{r}").get_data(as_text=True)
    assert "締切済み" in page and "全団体の回答がそろった" in page
    late = client.post(url, data={"stance": "agree", "revision": 1})
    assert "締め切られました" in late.get_data(as_text=True)


def test_open_round_refuses_past_deadline(app, world):
    client = app.test_client()
    login(client, "facilitator")
    response = client.post(
        f"/negotiations/{world.negotiation_id}/rounds/new",
        data={"title": "書面", "deadline": "2020-01-01T10:00", "item_ids": [world.item_id]},
    )
    assert 'id="deadline-error"' in response.get_data(as_text=True)


def test_ics_is_valid_with_tokyo_zone(app, world):
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id]).id
        db.session.commit()
    client = app.test_client()
    login(client, "observer")
    for url in (f"/meetings/{m}/meeting.ics", f"/consortia/{world.consortium_id}/meetings.ics"):
        response = client.get(url)
        assert response.mimetype == "text/calendar"
        cal = icalendar.Calendar.from_ical(response.data)
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]
        events = cal.walk("VEVENT")
        assert len(events) == (1 if "meeting.ics" in url else 0) or len(events) == 1
        start = events[0].decoded("DTSTART")
        assert str(start.tzinfo) == "Asia/Tokyo" and start.hour == 10
        assert events[0]["SUMMARY"] == "第1回 高知県中西部電算協議会"
    assert app.test_client().get(f"/meetings/{m}/meeting.ics").status_code == 302


def test_minutes_pdf_has_the_attendance_table(app, world, tmp_path):
    client = app.test_client()
    login(client, "facilitator")
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    rows = {f"rows-{n}-member_id": mid for n, mid in enumerate(world.member_ids)}
    rows |= {f"rows-{n}-presence": "remote" for n in range(3)}
    rows |= {f"rows-{n}-attendees": "情報政策課長 髙橋 﨑子" for n in range(3)}
    client.post(f"/meetings/{m}/attendance", data=rows)
    response = client.get(f"/meetings/{m}/minutes.pdf")
    assert response.mimetype == "application/pdf"
    assert response.data == client.get(f"/meetings/{m}/minutes.pdf").data  # reproducible
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "出席者" in text and "オンラインで出席" in text and "髙橋 﨑子" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "IPAexMincho" in fonts
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem)) >= 1


def test_ics_names_the_configured_server_not_the_requests_host(app, world):
    """The Host header is the client's to choose: UIDs and links come from PUBLIC_URL."""
    app.config["PUBLIC_URL"] = "https://negotiator.lgwan.example/app/"
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id]).id
        db.session.commit()
    client = app.test_client()
    login(client, "observer")
    session = client.get_cookie("session")
    client.set_cookie("session", session.value, domain="evil.example")
    for url in (f"/meetings/{m}/meeting.ics", f"/consortia/{world.consortium_id}/meetings.ics"):
        response = client.get(url, headers={"Host": "evil.example"})
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert b"evil.example" not in response.data
        event = icalendar.Calendar.from_ical(response.data).walk("VEVENT")[0]
        assert event["UID"] == f"meeting-{m}@negotiator.lgwan.example"
        assert event["URL"] == f"https://negotiator.lgwan.example/app/meetings/{m}"
        assert str(event["URL"]) in event["DESCRIPTION"].replace("\n", "")
