"""Meetings and minutes, written rounds, cost candidates and agreements through the API."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from negotiator import clock
from negotiator.db import db
from tests.agreements.factories import make_draft
from tests.api.helpers import bearer, token_for
from tests.factories import World, login
from tests.meetings.factories import make_meeting, make_round

V1 = "/api/v1"


def test_minutes_read_and_confirmed(app: Flask, world: World) -> None:
    with app.app_context():
        meeting_id = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    facilitator = app.test_client()
    login(facilitator, "facilitator")
    assert facilitator.post(f"/meetings/{meeting_id}/publish").status_code == 302
    client, headers = app.test_client(), bearer(token_for(app, "liaison"))
    listed = client.get(f"{V1}/councils/{world.consortium_id}/meetings", headers=headers).json
    assert [m["id"] for m in listed["items"]] == [meeting_id]
    meeting = client.get(f"{V1}/meetings/{meeting_id}", headers=headers).json
    assert meeting["minutes"]["revision"] == 1 and meeting["confirmations"] == []
    url = f"{V1}/meetings/{meeting_id}/members/{world.member_ids[0]}/confirmations"
    stale = client.post(url, json={"answer": "confirm", "revision": 0}, headers=headers)
    assert stale.status_code == 409 and stale.json["current_revision"] == 1
    done = client.post(url, json={"answer": "confirm", "revision": 1}, headers=headers)
    assert done.status_code == 201
    assert done.json["confirmations"][0]["member_id"] == world.member_ids[0]
    # The facilitator does not confirm for a member, on the page or here.
    own = bearer(token_for(app, "facilitator"))
    assert (
        client.post(url, json={"answer": "confirm", "revision": 1}, headers=own).status_code == 403
    )


def test_a_written_round_read_and_answered(app: Flask, world: World) -> None:
    with app.app_context():
        now = clock.now()
        round_id = make_round(
            world.negotiation_id, [world.item_id], now + dt.timedelta(days=7), now
        ).id
        db.session.commit()
    client, headers = app.test_client(), bearer(token_for(app, "liaison"))
    listed = client.get(f"{V1}/negotiations/{world.negotiation_id}/rounds", headers=headers).json
    assert listed["items"][0]["items"][0]["item_id"] == world.item_id
    url = f"{V1}/rounds/{round_id}/items/{world.item_id}/members/{world.member_ids[0]}/answers"
    answered = client.post(url, json={"stance": "agree", "revision": 1}, headers=headers)
    assert answered.status_code == 201, answered.json
    assert answered.json["source"] == "round" and answered.json["stance"] == "agree"
    other = f"{V1}/rounds/{round_id}/items/{world.item_id}/members/{world.member_ids[1]}/answers"
    assert (
        client.post(other, json={"stance": "agree", "revision": 1}, headers=headers).status_code
        == 403
    )


def test_agreements_and_cost_candidates(app: Flask, world: World) -> None:
    agreement_id = make_draft(app, world, send=True)
    client, headers = app.test_client(), bearer(token_for(app, "signatory"))
    listed = client.get(f"{V1}/negotiations/{world.negotiation_id}/agreements", headers=headers)
    agreement = listed.json["items"][0]
    assert agreement["id"] == agreement_id and agreement["status"] == "out_for_signature"
    assert agreement["signatures"] == []
    costs = client.get(f"{V1}/items/{world.item_id}/cost-candidates", headers=headers)
    assert costs.status_code == 200 and costs.json == {"items": [], "next_cursor": None}
    outsider = bearer(token_for(app, "outsider"))
    url = f"{V1}/negotiations/{world.negotiation_id}/agreements"
    assert client.get(url, headers=outsider).status_code == 404
