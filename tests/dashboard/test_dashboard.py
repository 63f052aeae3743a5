"""The dashboard lists what needs each user: signatures to give, written rounds to answer."""

from __future__ import annotations

from negotiator.db import db
from tests.agreements.factories import make_draft
from tests.factories import login
from tests.helpers import assert_constant_queries


def test_signatory_sees_the_agreement_to_sign_until_signed(app, world):
    agreement_id = make_draft(app, world, send=True)
    client = app.test_client()
    login(client, "signatory")
    page = client.get("/").get_data(as_text=True)
    assert "須崎市として協定書に署名" in page
    assert f"/agreements/{agreement_id}/sign/{world.member_ids[0]}" in page
    from tests.factories import PASSWORD

    with app.app_context():
        from tests.agreements.factories import agreement

        digest = agreement(agreement_id).content_hash
    client.post(
        f"/agreements/{agreement_id}/sign/{world.member_ids[0]}",
        data={"password": PASSWORD, "content_hash": digest},
    )
    assert "協定書に署名" not in client.get("/").get_data(as_text=True)
    other = app.test_client()
    login(other, "liaison")
    assert "協定書に署名" not in other.get("/").get_data(as_text=True)


def test_liaison_sees_open_written_rounds(app, world):
    import datetime as dt

    from tests.meetings.factories import make_round

    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        make_round(world.negotiation_id, [world.item_id], now + dt.timedelta(days=7), now)
        db.session.commit()
    client = app.test_client()
    login(client, "liaison")
    assert "書面協議に回答" in client.get("/").get_data(as_text=True)


def test_dashboard_queries_do_not_grow_with_agreements(app, world):
    client = app.test_client()
    login(client, "signatory")

    def grow() -> None:
        make_draft(app, world, send=True)

    assert_constant_queries(app, lambda: client.get("/"), grow)


def test_dashboard_lists_negotiations_with_their_agreement_status(app, world):
    client = app.test_client()
    login(client, "observer")
    page = client.get("/").get_data(as_text=True)
    assert f"/negotiations/{world.negotiation_id}" in page and "協定書:" not in page
    make_draft(app, world, send=True)
    assert "協定書: 署名中" in client.get("/").get_data(as_text=True)
