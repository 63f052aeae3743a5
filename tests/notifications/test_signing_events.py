"""Signing an agreement: each signature tells the facilitators and the other parties'
signatories; the last one executes it, and everybody in the council hears that, once."""

from __future__ import annotations

from collections import Counter

from negotiator.agreements import services
from negotiator.agreements.signing_date import japan_today
from negotiator.db import db
from tests.agreements.execution_helpers import SIGNATORIES, add_signatories, sign_web
from tests.agreements.factories import agreement, make_draft
from tests.factories import login
from tests.notifications.conftest import give_addresses
from tests.notifications.helpers import deliver_outbox, notified

COUNCIL = {"observer", "liaison", "other_liaison", "facilitator", *SIGNATORIES}


def _witness(app, world) -> tuple[int, str]:  # noqa: ANN001
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        a.execution_method = "witness"
        db.session.flush()
        services.send_for_signature(a, a.version)
        db.session.commit()
        return agreement_id, a.content_hash


def _received(relay, word: str) -> Counter:  # noqa: ANN001
    return Counter(
        m["To"].addresses[0].username for m in relay.recorder.messages if word in m["Subject"]
    )


def test_witness_signatures_notify_the_others_and_execution_everybody(app, world, relay):
    add_signatories(app, world)
    give_addresses(app)
    agreement_id, digest = _witness(app, world)
    members = world.member_ids
    assert sign_web(app, "signatory", agreement_id, members[0], digest).status_code == 302
    assert notified(app, f"agreement.sign:{agreement_id}:{members[0]}") == {
        "facilitator",
        "signatory1",
        "signatory2",
    }
    assert sign_web(app, "signatory1", agreement_id, members[1], digest).status_code == 302
    assert notified(app, f"agreement.sign:{agreement_id}:{members[1]}") == {
        "facilitator",
        "signatory",
        "signatory2",
    }
    assert sign_web(app, "signatory2", agreement_id, members[2], digest).status_code == 302
    # The last signature executes: one notice of that to everybody, not a second of signing.
    assert not notified(app, f"agreement.sign:{agreement_id}:{members[2]}")
    assert notified(app, f"agreement.executed:{agreement_id}") == COUNCIL
    with app.app_context():
        assert agreement(agreement_id).status == "executed"
    deliver_outbox(app)
    assert _received(relay, "署名しました") == {
        "facilitator": 2,
        "signatory": 1,
        "signatory1": 1,
        "signatory2": 2,
    }
    assert _received(relay, "締結されました") == dict.fromkeys(COUNCIL, 1)
    executed = next(m for m in relay.recorder.messages if "締結されました" in m["Subject"])
    assert "署名がありました" not in executed["Subject"]
    assert f"/agreements/{agreement_id}" in executed.get_body(("plain",)).get_content()


def test_a_paper_signature_recorded_by_the_facilitator_tells_the_signatories(app, world):
    give_addresses(app)
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        a.execution_method = "paper"
        db.session.flush()
        services.send_for_signature(a, a.version)
        db.session.commit()
    client = app.test_client()
    login(client, "facilitator")
    today = japan_today().isoformat()
    client.post(
        f"/agreements/{agreement_id}/paper/{world.member_ids[1]}", data={"paper_date": today}
    )
    # The facilitator recorded it: the signatory (of another member) is told, not the recorder.
    assert notified(app, f"agreement.sign:{agreement_id}:{world.member_ids[1]}") == {"signatory"}
