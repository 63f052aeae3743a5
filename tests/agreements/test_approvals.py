"""決裁 records: what the database refuses, who records, when, bad input, corrections."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from negotiator.agreements.models import Approval
from negotiator.agreements.signing_date import japan_today
from negotiator.audit.models import AuditEntry
from negotiator.db import db
from tests.agreements.approval_helpers import approve_web, form, require_approval, sent
from tests.agreements.factories import agreement, make_draft
from tests.factories import login, user_id

HASH = "a" * 64
DAY = dt.date(2026, 11, 20)
COMPLETE = {
    "status": "approved",
    "drafted_on": DAY,
    "approved_on": DAY + dt.timedelta(days=3),
    "document_number": "須総第123号",
    "approver_title": "市長",
    "content_hash": HASH,
}


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "done"},
        {"drafted_on": None},
        {"approved_on": None},
        {"document_number": ""},
        {"approver_title": ""},
        {"drafted_on": DAY + dt.timedelta(days=4)},  # drafted after the decision
        {"content_hash": "short"},
        # Not required: nothing of a decision may be stored with it.
        {"status": "not_required"},
        {"status": "not_required", "drafted_on": None, "approved_on": None, "approver_title": ""},
    ],
    ids=repr,
)
def test_database_refuses_an_incomplete_or_contradictory_record(app, world, changes):
    agreement_id, _digest = sent(app, world)
    with app.app_context():
        row = Approval(
            agreement_id=agreement_id,
            member_id=world.member_ids[0],
            recorded_by_id=user_id("liaison"),
            **(COMPLETE | changes),
        )
        db.session.add(row)
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()


def test_database_keeps_one_record_per_version_and_member(app, world):
    agreement_id, _digest = sent(app, world)
    with app.app_context():
        liaison = user_id("liaison")
        blank = {"status": "not_required", "content_hash": HASH, "recorded_by_id": liaison}
        db.session.add(Approval(agreement_id=agreement_id, member_id=world.member_ids[0], **blank))
        db.session.commit()
        db.session.add(Approval(agreement_id=agreement_id, member_id=world.member_ids[0], **blank))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()


def test_liaison_records_the_approval_of_the_frozen_text(app, world):
    agreement_id, digest = sent(app, world)
    member = world.member_ids[0]
    response = approve_web(app, "liaison", agreement_id, member, form(digest))
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(Approval))
        assert (row.member_id, row.status, row.content_hash) == (member, "approved", digest)
        assert row.approved_on == japan_today() - dt.timedelta(days=2)
        assert row.recorded_by_id == user_id("liaison") and row.version == 1
    client = app.test_client()
    login(client, "facilitator")
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    day = row.approved_on
    assert "須総第123号" in page and "市長" in page
    assert f"令和{day.year - 2018}年{day.month}月{day.day}日" in page
    assert "未記録" in page  # the other two members


@pytest.mark.parametrize("username", ["other_liaison", "facilitator", "signatory", "observer"])
def test_only_the_members_own_liaison_records_it(app, world, username):
    agreement_id, digest = sent(app, world)
    response = approve_web(app, username, agreement_id, world.member_ids[0], form(digest))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Approval)) == 0


def test_a_draft_or_an_executed_version_takes_no_approval(app, world):
    draft_id = make_draft(app, world)
    response = approve_web(app, "liaison", draft_id, world.member_ids[0], form(HASH))
    assert response.status_code == 422
    assert "草案には決裁を記録できません" in response.get_data(as_text=True)
    client = app.test_client()
    login(client, "liaison")
    page = client.get(f"/agreements/{draft_id}/approval/{world.member_ids[0]}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "草案には決裁を記録できません" in text
    assert "決裁を記録する</button>" not in text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Approval)) == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"drafted_on": ""}, "drafted_on", "日付を入力してください"),
        ({"approved_on": "2026-13-40"}, "approved_on", "無効な日付"),
        ({"document_number": "  "}, "document_number", "入力してください"),
        ({"approver_title": ""}, "approver_title", "入力してください"),
        ({"status": "maybe"}, "status", "選択肢が正しくありません"),
        ({"approved_on": "1988-01-01", "drafted_on": "1988-01-01"}, "drafted_on", "平成より前"),
        ({"drafted_on": "+1"}, "drafted_on", "未来の日付は入力できません"),
        ({"drafted_on": "-1", "approved_on": "-3"}, "approved_on", "決裁日は起案日と同じか"),
        ({"note": "NUL\x00"}, "note", "使えない制御文字"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_bad_input_is_shown_next_to_its_field(app, world, changes, field, message):
    agreement_id, digest = sent(app, world)
    today = japan_today()
    changes = {  # "+1" / "-3": days from today in Japan
        k: (today + dt.timedelta(days=int(v))).isoformat() if v[:1] in ("+", "-") else v
        for k, v in changes.items()
    }
    response = approve_web(
        app, "liaison", agreement_id, world.member_ids[0], form(digest) | changes
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="{field}-error">{message}' in page or (
        field == "status" and message in page
    )
    assert 'value="須総第123号"' in page or field == "document_number"  # kept as typed
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Approval)) == 0


def test_not_required_keeps_no_dates(app, world):
    agreement_id, digest = sent(app, world)
    data = form(digest, status="not_required", note="専決規程により決裁を要しない")
    assert approve_web(app, "liaison", agreement_id, world.member_ids[0], data).status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(Approval))
        assert (row.status, row.drafted_on, row.document_number) == ("not_required", None, "")
        assert row.note == "専決規程により決裁を要しない"


def test_a_correction_is_audited_and_a_stale_form_is_refused(app, world):
    agreement_id, digest = sent(app, world)
    member = world.member_ids[0]
    assert approve_web(app, "liaison", agreement_id, member, form(digest)).status_code == 302
    # Two people open the correction form at version 1; the first one saves.
    first = form(digest, version=1, document_number="須総第124号")
    assert approve_web(app, "liaison", agreement_id, member, first).status_code == 302
    late = approve_web(app, "liaison", agreement_id, member, form(digest, version=1))
    assert late.status_code == 422 and "他の人が先に" in late.get_data(as_text=True)
    # A first record posted after someone else's first record is refused the same way.
    again = approve_web(app, "liaison", agreement_id, member, form(digest, version=0))
    assert again.status_code == 422
    with app.app_context():
        row = db.session.scalar(sa.select(Approval))
        assert (row.document_number, row.version) == ("須総第124号", 2)
        entries = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.object_type == "approval")
            .order_by(AuditEntry.id)
        ).all()
        assert [e.action for e in entries] == ["agreement.approval", "agreement.approval_correct"]
        assert entries[1].before["document_number"] == "須総第123号"
        assert entries[1].after["document_number"] == "須総第124号"


def test_a_record_for_other_content_than_shown_is_refused(app, world):
    agreement_id, _digest = sent(app, world)
    response = approve_web(app, "liaison", agreement_id, world.member_ids[0], form(HASH))
    assert response.status_code == 422
    assert "表示された内容と現在の内容が一致しません" in response.get_data(as_text=True)


def test_the_agreement_page_offers_the_form_to_the_members_liaison_only(app, world):
    require_approval(app, world)
    agreement_id, _digest = sent(app, world)
    link = f"/agreements/{agreement_id}/approval/{world.member_ids[0]}"
    for username, offered in [("liaison", True), ("other_liaison", False), ("facilitator", False)]:
        client = app.test_client()
        login(client, username)
        page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
        assert (link in page) is offered, username
        assert "署名の前に各団体の決裁の記録が必要です" in page
    with app.app_context():
        assert agreement(agreement_id).status == "out_for_signature"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": None}, "status"),
        ({"document_number": "番" * 101}, "document_number"),
        ({"approver_title": "職" * 101}, "approver_title"),
        ({"note": "注" * 2001}, "note"),
        ({"approved_on": None}, "approved_on"),
        ({"drafted_on": DAY + dt.timedelta(days=4)}, "approved_on"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_the_service_checks_what_a_form_may_not_have(app, changes, field):
    """Called without the form (a script, a future API), the service refuses the same input."""
    from negotiator.agreements.approvals import cleaned
    from negotiator.agreements.services import AgreementError

    with app.test_request_context(), pytest.raises(AgreementError) as refused:
        cleaned(COMPLETE | {"note": ""} | changes)
    assert refused.value.field == field
