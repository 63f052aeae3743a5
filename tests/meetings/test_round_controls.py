"""Facilitator controls on written rounds: close early, extend the deadline, cancel (reason)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.dashboard import meeting_lists as dashboard
from negotiator.db import db
from negotiator.meetings.forms import to_japan
from negotiator.meetings.models import WrittenRound
from negotiator.negotiation.models import Negotiation
from tests.factories import login, user_id
from tests.meetings.factories import make_round

NOW = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
DEADLINE = NOW + dt.timedelta(days=7)


@pytest.fixture
def round_id(app, world) -> int:  # noqa: ANN001
    """An open round with みなし同意 allowed; 須崎市 has answered, the others have not."""
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        negotiation.deemed_consent = True
        negotiation.decision_rule = "consent"
        written = make_round(world.negotiation_id, [world.item_id], DEADLINE, NOW)
        db.session.commit()
        return written.id


def _client(app, username: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, username)
    return client


def _round(app) -> WrittenRound:  # noqa: ANN001
    with app.app_context():
        written = db.session.scalars(sa.select(WrittenRound)).one()
        db.session.expunge(written)
        return written


def _local(value: dt.datetime) -> str:
    return to_japan(value).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("move", ["close", "extend", "cancel"])
def test_only_facilitators_may_control_a_round(app, world, round_id, move):
    url = f"/rounds/{round_id}/{move}"
    for username in ("liaison", "observer", "signatory", "outsider"):
        client = _client(app, username)
        assert client.get(url).status_code == 403, username
        assert client.post(url, data={"version": 1, "reason": "x"}).status_code == 403
    facilitator = _client(app, "facilitator")
    assert facilitator.get(url).status_code == 200
    assert facilitator.get(f"/rounds/{round_id + 99}/{move}").status_code == 404
    assert facilitator.get(f"/rounds/{round_id}/reopen").status_code == 404
    assert _round(app).state == "open"


def test_the_page_offers_the_moves_to_facilitators_only(app, world, round_id):
    page = _client(app, "facilitator").get(f"/rounds/{round_id}").get_data(as_text=True)
    for move, label in (
        ("close", "締め切る"),
        ("extend", "期限を延長する"),
        ("cancel", "中止する"),
    ):
        assert f'href="/rounds/{round_id}/{move}">{label}</a>' in page
    liaison = _client(app, "liaison").get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "事務局の操作" not in liaison and f"/rounds/{round_id}/close" not in liaison


def test_close_early_records_the_result_without_deemed_consent(app, world, round_id):
    client = _client(app, "facilitator")
    response = client.post(f"/rounds/{round_id}/close", data={"version": 1})
    assert response.status_code == 302
    written = _round(app)
    assert (written.state, written.end_cause) == ("closed", "early")
    with app.app_context():
        written = db.session.get(WrittenRound, round_id)
        assert written.closed_by_id == user_id("facilitator")
        # Members were promised until the deadline: closing early deems nobody.
        assert [(e.result, e.deemed) for e in written.items] == [("not_met", [])]
        log = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "round.close"))
        assert log.one().actor_name == "facilitator"
        assert dashboard.open_rounds(user_id("liaison")) == []
    page = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "事務局が期限前に締め切りました" in page and "締切済み" in page


def test_extend_validates_the_new_deadline(app, world, round_id):
    client = _client(app, "facilitator")
    url = f"/rounds/{round_id}/extend"
    form = client.get(url).get_data(as_text=True)
    assert f'value="{_local(DEADLINE)}"' in form  # the current deadline, in Japan time
    for bad in (_local(DEADLINE - dt.timedelta(days=1)), _local(DEADLINE), ""):
        page = client.post(url, data={"version": 1, "deadline": bad}).get_data(as_text=True)
        assert 'id="deadline-error"' in page, bad
    assert _round(app).deadline.replace(tzinfo=dt.UTC) == DEADLINE
    later = DEADLINE + dt.timedelta(days=3)
    assert client.post(url, data={"version": 1, "deadline": _local(later)}).status_code == 302
    written = _round(app)
    assert (written.state, written.deadline.replace(tzinfo=dt.UTC)) == ("open", later)
    with app.app_context():
        log = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "round.extend"))
        assert log.one().after["deadline"].startswith(later.isoformat()[:16])


def test_cancel_requires_a_reason_and_ends_the_round(app, world, round_id):
    client = _client(app, "facilitator")
    url = f"/rounds/{round_id}/cancel"
    page = client.post(url, data={"version": 1, "reason": "  "}).get_data(as_text=True)
    assert 'id="reason-error"' in page and "中止の理由を入力してください" in page
    assert _round(app).state == "open"
    reason = "第3回会議で直接協議するため"
    assert client.post(url, data={"version": 1, "reason": reason}).status_code == 302
    written = _round(app)
    assert (written.state, written.end_reason, written.end_cause) == (
        "cancelled",
        reason,
        "cancelled",
    )
    page = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert reason in page and "中止" in page
    liaison = _client(app, "liaison")
    assert "書面協議に回答" not in liaison.get("/").get_data(as_text=True)
    answer = f"/rounds/{round_id}/items/{world.item_id}/members/{world.member_ids[0]}/answer"
    refused = liaison.post(answer, data={"stance": "agree", "revision": 1})
    assert "締め切られました" in refused.get_data(as_text=True)
    # Once ended, no move is left; a stale form is refused with the reason, not a 500.
    again = client.post(
        f"/rounds/{round_id}/extend", data={"version": 2, "deadline": "2027-01-01T10:00"}
    )
    assert "「中止」の書面協議では「期限を延長する」はできません" in again.get_data(as_text=True)


def test_a_stale_form_is_refused(app, world, round_id):
    client = _client(app, "facilitator")
    later = _local(DEADLINE + dt.timedelta(days=1))
    assert (
        client.post(
            f"/rounds/{round_id}/extend", data={"version": 1, "deadline": later}
        ).status_code
        == 302
    )
    # A second facilitator's page was loaded before the extension: version 1 is out of date.
    page = client.post(f"/rounds/{round_id}/cancel", data={"version": 1, "reason": "重複"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "他の人が先にこの書面協議を変更しました" in text
    assert _round(app).state == "open"
    tampered = client.post(f"/rounds/{round_id}/close", data={"version": "x"})
    assert "編集を始めたときの版が送信されませんでした" in tampered.get_data(as_text=True)
    assert _round(app).state == "open"


def test_past_the_deadline_only_closing_is_left(app, world, round_id):
    """Before the job has run, the facilitator's 締め切る records the same result as the job."""
    with app.app_context():
        db.session.get(WrittenRound, round_id).deadline = NOW - dt.timedelta(minutes=1)
        db.session.commit()
    client = _client(app, "facilitator")
    page = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "回答期限を過ぎています" in page
    assert f'href="/rounds/{round_id}/extend"' not in page
    refused = client.post(f"/rounds/{round_id}/cancel", data={"version": 2, "reason": "遅すぎ"})
    assert "回答期限を過ぎています" in refused.get_data(as_text=True)
    assert client.post(f"/rounds/{round_id}/close", data={"version": 2}).status_code == 302
    with app.app_context():
        written = db.session.get(WrittenRound, round_id)
        assert (written.state, written.end_cause) == ("closed", "deadline")
        (entry,) = written.items
        assert entry.result == "met" and len(entry.deemed) == 2


def test_control_pages_say_what_the_move_does(app, world, round_id):
    client = _client(app, "facilitator")
    close = client.get(f"/rounds/{round_id}/close").get_data(as_text=True)
    assert "未回答の団体はみなし同意になりません" in close
    assert re.search(r'<input[^>]*name="version"[^>]*value="1"', close)
