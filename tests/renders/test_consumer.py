"""A real `flask jobs worker` makes the signing original: SQLite or Redis job storage."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from negotiator.agreements import seal
from negotiator.agreements.models import Agreement
from negotiator.db import db
from tests.agreements.factories import make_draft
from tests.factories import login
from tests.notifications.conftest import REDIS_URL, Consumers, wait_for
from tests.renders.helpers import only_job, queued


@pytest.fixture(params=["sqlite", "redis"])
def consumers(request, app) -> Iterator[Consumers]:  # noqa: ANN001
    app.config["JOBS_NAME"] = f"negotiator-test-{uuid.uuid4().hex[:12]}"
    app.config["MAIL_RETRY_BASE_SECONDS"] = 0.2
    if request.param == "redis":
        app.config["REDIS_URL"] = REDIS_URL
    with app.app_context():
        seal.ensure_demo_certificate()  # the consumer seals with the test's own key
    group = Consumers(app, request.param)
    group.env["NEGOTIATOR_SEAL_KEY_PATH"] = os.path.join(app.instance_path, "seal", "seal-key.pem")
    group.env["NEGOTIATOR_SEAL_CERT_PATH"] = os.path.join(
        app.instance_path, "seal", "seal-cert.pem"
    )
    yield group
    group.stop_all()
    if request.param == "redis":
        from negotiator.jobs import huey_for

        huey_for(app).storage.flush_all()


def _status(app, agreement_id: int) -> str:  # noqa: ANN001
    with app.app_context():
        status = db.session.get(Agreement, agreement_id).status
        db.session.rollback()
        return status


def test_the_consumer_makes_the_sent_agreement_signable(app, world, consumers):
    queued(app)
    agreement_id = make_draft(app, world)
    client = app.test_client()
    login(client, "facilitator")
    with app.app_context():
        version = db.session.get(Agreement, agreement_id).version
    client.post(f"/agreements/{agreement_id}/send", data={"version": version})
    assert _status(app, agreement_id) == "preparing"
    consumers.start()
    wait_for(lambda: _status(app, agreement_id) == "out_for_signature", "the signing original")
    assert only_job(app, "agreement.signing").state == "done"
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert "署名用PDF(署名済みの分を含む)" in page
