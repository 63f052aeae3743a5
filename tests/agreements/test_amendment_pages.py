"""変更協定 through the pages: started by the facilitator only, signed and executed with the
witness method, the original untouched and shown 変更あり, the consolidated text (溶け込み版)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from negotiator.agreements import drafting, services, verify
from negotiator.agreements.models import Agreement
from negotiator.db import db
from negotiator.negotiation.models import Negotiation
from tests.agreements.amendment_helpers import executed, renegotiate, start
from tests.agreements.execution_helpers import SIGNATORIES, add_signatories, sign_web, signatures
from tests.agreements.factories import agreement
from tests.factories import login

NEW_TEXT = "アクセス権は、職員の所属及び職に応じて付与する。"


def _page(app, username: str, url: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, username)
    return client.get(url)


@pytest.mark.parametrize("username, status", [("facilitator", 302), ("liaison", 403)])
def test_the_facilitator_starts_an_amendment_from_the_executed_page(app, world, username, status):
    original_id = executed(app, world)
    page = _page(app, "facilitator", f"/agreements/{original_id}").get_data(as_text=True)
    assert "変更協定を始める" in page and "アクセス権制御ポリシー" in page
    client = app.test_client()
    login(client, username)
    response = client.post(
        f"/agreements/{original_id}/amend", data={"items": [world.item_id], "reason": "見直し"}
    )
    assert response.status_code == status
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).where(Agreement.amends_id.isnot(None)))
        assert count == (1 if status == 302 else 0)


def test_a_start_without_a_reason_is_shown_next_to_the_field(app, world):
    original_id = executed(app, world)
    client = app.test_client()
    login(client, "facilitator")
    response = client.post(f"/agreements/{original_id}/amend", data={"items": [world.item_id]})
    assert response.status_code == 422
    assert "変更協定を始める" in response.get_data(as_text=True)


def _amend_and_send(app, world, original_id: int) -> int:  # noqa: ANN001
    amendment_id = start(app, world, original_id)
    renegotiate(app, world, NEW_TEXT)
    with app.app_context():
        a = drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))
        a.execution_method = "witness"
        # Not before the original's 締結日, which the preamble cites.
        a.effective_date = a.signing_date = agreement(original_id).signing_date
        db.session.flush()
        services.send_for_signature(a, a.version)
        db.session.commit()
        assert a.id == amendment_id
    return amendment_id


def test_the_amendment_is_signed_and_executed_and_the_original_stays_as_signed(app, world):
    add_signatories(app, world)
    original_id = executed(app, world)
    with app.app_context():
        before = agreement(original_id)
        pdf, rows = before.executed_pdf, [(s.id, s.content_hash) for s in before.signatures]
    amendment_id = _amend_and_send(app, world, original_id)
    with app.app_context():
        digest = agreement(amendment_id).content_hash
    sign_page = _page(app, "signatory", f"/agreements/{amendment_id}/sign/{world.member_ids[0]}")
    assert "一部を変更する協定書" in sign_page.get_data(as_text=True)
    for username, member_id in zip(SIGNATORIES, world.member_ids, strict=True):
        assert sign_web(app, username, amendment_id, member_id, digest).status_code == 302
    with app.app_context():
        amendment, original = agreement(amendment_id), agreement(original_id)
        assert amendment.status == "executed"
        assert all(s.valid and s.intact for s in signatures(app, amendment.executed_pdf))
        assert original.status == "executed" and original.executed_pdf == pdf
        assert [(s.id, s.content_hash) for s in original.signatures] == rows
        verdict = verify.check(amendment.executed_pdf)
        assert verdict.genuine and verdict.agreement.id == amendment_id
        assert verdict.title.endswith("の一部を変更する協定書")
    page = _page(app, "observer", f"/agreements/{original_id}").get_data(as_text=True)
    assert "変更あり" in page and f"/agreements/{amendment_id}" in page
    page = _page(app, "observer", f"/agreements/{amendment_id}").get_data(as_text=True)
    assert "一部を変更する協定書" in page and f"/agreements/{original_id}" in page
    consolidated = _page(app, "observer", f"/agreements/{original_id}/consolidated")
    text = consolidated.get_data(as_text=True)
    assert consolidated.status_code == 200 and NEW_TEXT in text and "溶け込み版" in text


def test_the_consolidated_pdf_is_marked_as_a_reference(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    response = _page(app, "observer", f"/agreements/{amendment_id}/consolidated/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    assert "参考（溶け込み版）：署名された文書ではありません" in text


def test_the_amendment_page_shows_the_comparison_table(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    renegotiate(app, world, NEW_TEXT)
    with app.app_context():
        a = drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))
        a.amendment_style = "table"
        db.session.commit()
    text = _page(app, "observer", f"/agreements/{amendment_id}").get_data(as_text=True)
    assert "原協定の一部を別紙新旧対照表のとおり変更する。" in text
    assert '<th scope="col">変更後</th><th scope="col">変更前</th>' in text
    assert "<u>" in text and NEW_TEXT[:5] in text
