"""The dashboard's 決裁 lines: the liaison's to-do, and what the facilitator still waits for."""

from __future__ import annotations

import datetime as dt

import pytest

from negotiator.agreements import services
from negotiator.agreements.signing_date import japan_today
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db
from tests.agreements.approval_helpers import approve_web, form, require_approval, sent
from tests.factories import login, make_item, make_negotiation, record
from tests.helpers import assert_constant_queries


def _home(app, username: str) -> str:  # noqa: ANN001
    client = app.test_client()
    login(client, username)
    return client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("required", [True, False])
def test_liaison_sees_the_approval_to_record_until_recorded(app, world, required):
    require_approval(app, world, on=required)
    agreement_id, digest = sent(app, world)
    link = f"/agreements/{agreement_id}/approval/{world.member_ids[0]}"
    page = _home(app, "liaison")
    assert ("決裁を記録する(須崎市)" in page) is required and (link in page) is required
    if not required:
        return
    # Another member's liaison has its own line, not this one.
    other = _home(app, "other_liaison")
    assert "決裁を記録する(中土佐町)" in other and link not in other
    assert (
        approve_web(app, "liaison", agreement_id, world.member_ids[0], form(digest)).status_code
        == 302
    )
    assert "決裁を記録する" not in _home(app, "liaison")


def test_facilitator_sees_how_many_members_still_miss_approval_and_signature(app, world):
    require_approval(app, world)
    agreement_id, digest = sent(app, world)
    page = _home(app, "facilitator")
    assert f"/agreements/{agreement_id}" in page
    assert "決裁 未記録 3団体" in page and "署名 未了 3団体" in page
    assert (
        approve_web(app, "liaison", agreement_id, world.member_ids[0], form(digest)).status_code
        == 302
    )
    page = _home(app, "facilitator")
    assert "決裁 未記録 2団体" in page and "署名 未了 3団体" in page
    assert "決裁 未記録" not in _home(app, "signatory")


def _another_agreement_sent(app, world, title: str) -> None:  # noqa: ANN001
    with app.app_context():
        negotiation = make_negotiation(db.session.get(Consortium, world.consortium_id), title)
        item = make_item(negotiation, "目的")
        for member_id in world.member_ids:
            record(item, db.session.get(Member, member_id), "agree")
        item.state = "agreed"
        agreement = services.create_draft(negotiation)
        agreement.signing_date = japan_today() + dt.timedelta(days=30)
        services.send_for_signature(agreement, agreement.version)
        db.session.commit()


def test_facilitator_dashboard_queries_do_not_grow_with_agreements(app, world):
    require_approval(app, world)
    sent(app, world)
    client = app.test_client()
    login(client, "facilitator")
    assert_constant_queries(
        app, lambda: client.get("/"), lambda: _another_agreement_sent(app, world, "第二案件")
    )
