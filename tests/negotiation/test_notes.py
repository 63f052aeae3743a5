"""Issue 14 point 5: a member's own notes (内部メモ) — written and read by its liaison and
signatory only; the facilitator, other members, observers and other councils see no trace of
them (404, no link, not in the item page, the board's export or the audit summary)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.negotiation.models import NOTE_LENGTH, MemberNote
from tests.factories import login

SECRET = "上限は年額300万円まで(庁内限り)"


def _client(app, username: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, username)
    return client


def _url(world, member_index: int = 0) -> str:  # noqa: ANN001
    return f"/items/{world.item_id}/members/{world.member_ids[member_index]}/notes"


def test_the_liaison_writes_and_the_signatory_reads(app, world):
    liaison = _client(app, "liaison")
    response = liaison.post(_url(world), data={"body": f"  {SECRET}\n"})
    assert response.status_code == 302
    page = _client(app, "signatory").get(_url(world)).get_data(as_text=True)
    assert SECRET in page and "第1版について" in page
    with app.app_context():
        note = db.session.scalar(sa.select(MemberNote))
        assert (note.body, note.revision_number) == (SECRET, 1)


@pytest.mark.parametrize("username", ["facilitator", "other_liaison", "observer", "outsider"])
def test_nobody_else_sees_a_trace(app, world, username):
    assert _client(app, "liaison").post(_url(world), data={"body": SECRET}).status_code == 302
    client = _client(app, username)
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), data={"body": "x"}).status_code == 404
    item_page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert SECRET not in item_page and _url(world) not in item_page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberNote)) == 1


def test_the_item_page_links_only_the_users_own_member(app, world):
    page = _client(app, "other_liaison").get(f"/items/{world.item_id}").get_data(as_text=True)
    assert _url(world, 1) in page and _url(world, 0) not in page
    page = _client(app, "facilitator").get(f"/items/{world.item_id}").get_data(as_text=True)
    assert "内部メモ" not in page


def test_notes_stay_out_of_exports_and_the_audit_summary(app, world):
    assert _client(app, "liaison").post(_url(world), data={"body": SECRET}).status_code == 302
    board = _client(app, "facilitator").get(f"/negotiations/{world.negotiation_id}/board.xlsx")
    sheet = load_workbook(io.BytesIO(board.data)).active
    assert not any(SECRET in str(c.value) for row in sheet.iter_rows() for c in row)
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "note.add"))
        assert SECRET not in f"{entry.summary}{entry.before}{entry.after}"


@pytest.mark.parametrize("body", ["", "   ", "あ" * (NOTE_LENGTH + 1)])
def test_a_bad_note_is_refused_next_to_the_field_and_nothing_is_written(app, world, body):
    response = _client(app, "liaison").post(_url(world), data={"body": body})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberNote)) == 0
