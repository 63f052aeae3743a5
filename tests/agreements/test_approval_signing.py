"""Signing waits for the member's 決裁 where the council requires it, of exactly that text."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
import sqlalchemy as sa

from negotiator.agreements import services
from negotiator.agreements.models import Approval, Signature
from negotiator.agreements.signing_date import japan_today
from negotiator.db import db
from negotiator.negotiation.models import Negotiation
from tests.agreements.approval_helpers import approve_web, form, require_approval, sent
from tests.agreements.execution_helpers import sign_web
from tests.agreements.factories import agreement
from tests.factories import login

WAITING = "須崎市の決裁がまだ記録されていません"


def _signatures(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Signature))


def test_witness_signing_waits_for_the_approval_then_goes_through(app, world):
    require_approval(app, world)
    agreement_id, digest = sent(app, world)
    member = world.member_ids[0]
    client = app.test_client()
    login(client, "signatory")
    page = client.get(f"/agreements/{agreement_id}/sign/{member}").get_data(as_text=True)
    # The page asks the same function the service checks: the reason, and no sign button.
    assert WAITING in page and "この内容で署名する" not in page
    show = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert "決裁の記録待ち" in show and f"/agreements/{agreement_id}/sign/{member}" not in show
    refused = sign_web(app, "signatory", agreement_id, member, digest)
    assert WAITING in refused.get_data(as_text=True) and _signatures(app) == 0
    assert approve_web(app, "liaison", agreement_id, member, form(digest)).status_code == 302
    page = client.get(f"/agreements/{agreement_id}/sign/{member}").get_data(as_text=True)
    assert WAITING not in page and "この内容で署名する" in page
    assert sign_web(app, "signatory", agreement_id, member, digest).status_code == 302
    assert _signatures(app) == 1


@pytest.mark.parametrize("setting", ["off", "not_required"])
def test_signing_goes_through_when_no_approval_is_required(app, world, setting):
    require_approval(app, world, on=setting != "off")
    agreement_id, digest = sent(app, world)
    member = world.member_ids[0]
    if setting == "not_required":
        data = form(digest, status="not_required")
        assert approve_web(app, "liaison", agreement_id, member, data).status_code == 302
    assert sign_web(app, "signatory", agreement_id, member, digest).status_code == 302
    assert _signatures(app) == 1


def test_paper_signature_waits_for_the_approval(app, world):
    require_approval(app, world)
    agreement_id, digest = sent(app, world, "paper")
    member = world.member_ids[0]
    client = app.test_client()
    login(client, "facilitator")
    paper = f"/agreements/{agreement_id}/paper/{member}"
    assert paper not in client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    refused = client.post(
        paper, data={"paper_date": japan_today().isoformat()}, follow_redirects=True
    )
    assert WAITING in refused.get_data(as_text=True) and _signatures(app) == 0
    assert approve_web(app, "liaison", agreement_id, member, form(digest)).status_code == 302
    assert paper in client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    client.post(paper, data={"paper_date": japan_today().isoformat()})
    assert _signatures(app) == 1


def test_party_upload_waits_for_the_approval(app, world):
    require_approval(app, world)
    agreement_id, _digest = sent(app, world, "party")
    client = app.test_client()
    login(client, "signatory")
    response = client.post(
        f"/agreements/{agreement_id}/upload/{world.member_ids[0]}",
        data={"file": (BytesIO(b"%PDF-1.7 anything"), "signed.pdf")},
        content_type="multipart/form-data",
    )
    assert WAITING in response.get_data(as_text=True) and _signatures(app) == 0


def test_an_approval_of_other_content_does_not_count(app, world):
    """A version frozen again (say, after its signing PDF failed) needs a new record."""
    require_approval(app, world)
    agreement_id, digest = sent(app, world)
    member = world.member_ids[0]
    assert approve_web(app, "liaison", agreement_id, member, form(digest)).status_code == 302
    with app.app_context():
        db.session.scalar(sa.select(Approval)).content_hash = "b" * 64
        db.session.commit()
    refused = sign_web(app, "signatory", agreement_id, member, digest)
    assert "現在の内容とは別の内容に対するもの" in refused.get_data(as_text=True)
    client = app.test_client()
    login(client, "facilitator")
    assert "要再記録" in client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    again = form(digest, version=2)  # the change above counted as one
    assert approve_web(app, "liaison", agreement_id, member, again).status_code == 302
    assert sign_web(app, "signatory", agreement_id, member, digest).status_code == 302


def test_a_new_version_needs_a_new_approval(app, world):
    require_approval(app, world)
    old_id, digest = sent(app, world)
    member = world.member_ids[0]
    assert approve_web(app, "liaison", old_id, member, form(digest)).status_code == 302
    with app.app_context():
        services.supersede(agreement(old_id), "条文の見直し")
        new = services.create_draft(db.session.get(Negotiation, world.negotiation_id))
        new.signing_date = japan_today() + dt.timedelta(days=30)
        db.session.flush()
        services.send_for_signature(new, new.version)
        db.session.commit()
        new_id, new_digest = new.id, new.content_hash
    refused = sign_web(app, "signatory", new_id, member, new_digest)
    assert WAITING in refused.get_data(as_text=True) and _signatures(app) == 0
    # The superseded version takes no more records.
    late = approve_web(app, "liaison", old_id, member, form(digest, version=1))
    assert "廃止された版には決裁を記録できません" in late.get_data(as_text=True)
