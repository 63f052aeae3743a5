"""Sending for signature: the request freezes, a job renders and certifies, then it is signable."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.agreements.models import Agreement
from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.notifications.models import Notification
from negotiator.renders.models import RenderJob
from tests.agreements.execution_helpers import sign_web, signatures
from tests.agreements.factories import make_draft
from tests.factories import login
from tests.renders.helpers import job, only_job, queued, run


def _send(app, agreement_id: int):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, "facilitator")
    with app.app_context():
        version = db.session.get(Agreement, agreement_id).version
    response = client.post(f"/agreements/{agreement_id}/send", data={"version": version})
    assert response.status_code == 302
    return client


def _state(app, agreement_id: int) -> tuple[str, str | None, bool]:  # noqa: ANN001
    with app.app_context():
        a = db.session.get(Agreement, agreement_id)
        return a.status, a.content_hash, a.current_pdf is not None


def _announced(app, agreement_id: int) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.event_key == f"agreement.send:{agreement_id}")
        )


def _agreement_actions(app) -> list[str]:  # noqa: ANN001
    with app.app_context():
        return db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.action.startswith("agreement."))
            .order_by(AuditEntry.id)
        ).all()


def test_send_freezes_then_the_job_makes_it_signable(app, world):
    queued(app)
    agreement_id = make_draft(app, world)
    client = _send(app, agreement_id)
    status, digest, has_pdf = _state(app, agreement_id)
    assert (status, has_pdf) == ("preparing", False) and digest is not None
    signing = only_job(app, "agreement.signing")
    assert signing.state == "queued" and signing.content_hash == digest
    # Nobody can sign yet, and the signatories have not been told.
    refused = sign_web(app, "signatory", agreement_id, world.member_ids[0], digest)
    assert "署名を受け付けていません" in refused.get_data(as_text=True)
    assert _announced(app, agreement_id) == 0
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert 'aria-live="polite"' in page and 'hx-trigger="every 1s"' in page
    assert "順番を待っています" in page and '<meta http-equiv="refresh" content="2">' in page
    assert "署名する" not in page

    run(app, signing.id)
    assert _state(app, agreement_id) == ("out_for_signature", digest, True)
    assert job(app, signing.id).state == "done"
    assert _announced(app, agreement_id) == 1
    with app.app_context():
        pdf = db.session.get(Agreement, agreement_id).current_pdf
    assert [s.field for s in signatures(app, pdf)] == ["NegotiatorSeal"]
    assert _agreement_actions(app)[-2:] == ["agreement.send", "agreement.prepared"]
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert "every 1s" not in page and "署名用PDF(署名済みの分を含む)" in page
    signed = sign_web(app, "signatory", agreement_id, world.member_ids[0], digest)
    assert signed.status_code == 302


def test_the_poll_reloads_the_agreement_page_once_the_job_is_over(app, world):
    queued(app)
    agreement_id = make_draft(app, world)
    client = _send(app, agreement_id)
    signing = only_job(app, "agreement.signing")
    poll = {"HX-Request": "true"}
    running = client.get(f"/renders/{signing.id}?reload=1", headers=poll)
    assert "HX-Refresh" not in running.headers and 'id="render-status"' in running.text
    # The status it swaps in polls on with the same request: a later poll reloads the page.
    assert f'hx-get="/renders/{signing.id}?reload=1"' in running.text
    run(app, signing.id)
    done = client.get(f"/renders/{signing.id}?reload=1", headers=poll)
    assert done.headers["HX-Refresh"] == "true" and "every 1s" not in done.text


def test_a_failure_returns_the_draft_with_the_reason(app, world, tmp_path):
    queued(app)
    agreement_id = make_draft(app, world)
    client = _send(app, agreement_id)
    signing = only_job(app, "agreement.signing")
    app.config["SEAL_KEY_PATH"] = str(tmp_path / "missing-key.pem")
    run(app, signing.id)
    assert _state(app, agreement_id) == ("draft", None, False)
    failed = job(app, signing.id)
    assert failed.state == "failed" and "電子印を付けられませんでした" in failed.error
    assert _announced(app, agreement_id) == 0
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert "署名用のPDFを作成できなかったため、草案に戻しました" in page
    assert "電子印を付けられませんでした" in page and "every 1s" not in page
    assert _agreement_actions(app)[-2:] == ["agreement.send", "agreement.send_failed"]

    # Sent again with the same content: the same job, asked again, and this time it works.
    app.config["SEAL_KEY_PATH"] = None
    _send(app, agreement_id)
    again = only_job(app, "agreement.signing")
    assert again.id == signing.id and again.state == "queued" and again.error == ""
    run(app, signing.id)
    assert _state(app, agreement_id)[0] == "out_for_signature"
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert "草案に戻しました" not in page


def test_a_version_superseded_while_preparing_stays_superseded(app, world):
    queued(app)
    agreement_id = make_draft(app, world)
    _send(app, agreement_id)
    signing = only_job(app, "agreement.signing")
    with app.app_context():
        from negotiator.agreements import services

        services.supersede(db.session.get(Agreement, agreement_id), "やり直し")
        db.session.commit()
    run(app, signing.id)
    assert _state(app, agreement_id)[0] == "superseded"
    assert job(app, signing.id).state == "failed"
    assert _announced(app, agreement_id) == 0


def test_running_a_finished_job_again_changes_nothing(app, world):
    queued(app)
    agreement_id = make_draft(app, world)
    _send(app, agreement_id)
    signing = only_job(app, "agreement.signing")
    run(app, signing.id)
    with app.app_context():
        before = db.session.get(Agreement, agreement_id).current_pdf_sha256
    run(app, signing.id)  # a consumer that got it twice
    with app.app_context():
        assert db.session.get(Agreement, agreement_id).current_pdf_sha256 == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RenderJob)) == 1
    assert _announced(app, agreement_id) == 1
