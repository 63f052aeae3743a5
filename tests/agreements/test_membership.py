"""A fourth town joins, a town leaves: the 変更協定 with the new parties and the new 別表."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from negotiator.agreements import document
from negotiator.agreements.models import Agreement
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Position
from negotiator.negotiation.queries import members_of
from tests.agreements.membership_helpers import (
    JOINED_ON,
    admin_client,
    executed_with_costs,
    join_fourth_town,
)
from tests.factories import login


def _client(app, user="facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, user)
    return client


def test_a_join_starts_an_amendment_with_four_parties_and_the_new_annex(app, world):
    original_id, cost_item = executed_with_costs(app, world)
    with app.app_context():
        before = db.session.get(Agreement, original_id)
        original_bytes, original_hash = before.executed_pdf_sha256, before.content_hash
    joiner = join_fourth_town(app, world)
    admin_page = admin_client(app).get(f"/admin/consortia/{world.consortium_id}")
    assert f"/agreements/{original_id}/membership" in admin_page.get_data(as_text=True)

    client = _client(app)
    page = client.get(f"/agreements/{original_id}/membership").get_data(as_text=True)
    assert "津野町" in page and "加入" in page and "円 減" in page
    response = client.post(
        f"/agreements/{original_id}/membership",
        data={"reason": "津野町の加入", "fiscal_year": "2027"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        amendment = db.session.scalar(sa.select(Agreement).where(Agreement.amends_id.is_not(None)))
        doc = document.assembled(amendment)
        labels = [b.label for b in doc.signature_blocks]
        assert labels == ["甲", "乙", "丙", "丁"]
        assert doc.signature_blocks[3].name == "津野町"
        assert "津野町（以下「丁」という。）" in doc.preamble
        sentences = [p.sentence for p in doc.provisions]
        assert "別表第1を次のように改める。" in sentences
        annex = next(p.annex for p in doc.provisions if p.annex is not None)
        assert annex.title.startswith("令和9年度")
        assert [row[0] for row in annex.rows] == ["須崎市", "中土佐町", "四万十町", "津野町", "計"]
        # Articles naming all the parties name the new membership (経費の負担, 協議), in one
        # sentence since the same phrase changes in both.
        assert "第3条及び第5条中「乙及び丙」を「乙、丙及び丁」に改める。" in sentences
        assert amendment.effective_date == JOINED_ON
        # The cost item is negotiated again on the recomputed table, the joiner included.
        item = db.session.get(AgendaItem, cost_item)
        assert item.state == "discussed" and "津野町" in item.revisions[-1].text
        assert joiner in {m.id for m in members_of(world.consortium_id)}
        # The original is untouched.
        after = db.session.get(Agreement, original_id)
        assert (after.executed_pdf_sha256, after.content_hash) == (original_bytes, original_hash)
        assert after.status == "executed" and len(after.signatures) == 3


def test_a_leaving_member_keeps_its_history_and_is_no_party_of_new_versions(app, world):
    original_id, _cost_item = executed_with_costs(app, world)
    leaver = world.member_ids[1]
    with app.app_context():
        positions = db.session.scalar(
            sa.select(sa.func.count(Position.id)).where(Position.member_id == leaver)
        )
    response = admin_client(app).post(
        f"/admin/members/{leaver}/leave",
        data={"left_on": "2027-03-31", "reason": "事務の共同処理の見直し"},
    )
    assert response.status_code == 302
    with app.app_context():
        member = db.session.get(Member, leaver)
        assert member.left_on == dt.date(2027, 3, 31)
        assert leaver not in {m.id for m in members_of(world.consortium_id)}
        count = sa.select(sa.func.count(Position.id)).where(Position.member_id == leaver)
        assert db.session.scalar(count) == positions
        original = db.session.get(Agreement, original_id)
        assert leaver in {s.member_id for s in original.signatures}
    council = _client(app).get(f"/consortia/{world.consortium_id}").get_data(as_text=True)
    assert "脱退" in council and "令和9年3月31日" in council
    # The executed agreement still lists the member that left among its signatories.
    shown = _client(app).get(f"/agreements/{original_id}").get_data(as_text=True)
    assert "中土佐町" in shown
    page = _client(app).get(f"/agreements/{original_id}/membership").get_data(as_text=True)
    assert "脱退" in page and "円 増" in page
    response = _client(app).post(
        f"/agreements/{original_id}/membership", data={"reason": "中土佐町の脱退"}
    )
    assert response.status_code == 302
    with app.app_context():
        amendment = db.session.scalar(sa.select(Agreement).where(Agreement.amends_id.is_not(None)))
        doc = document.assembled(amendment)
        # Labels are not re-lettered: 丙 stays 四万十町, as in the original.
        assert [(b.label, b.name) for b in doc.signature_blocks] == [
            ("甲", "須崎市"),
            ("丙", "四万十町"),
        ]
        assert "別表第1を次のように改める。" in [p.sentence for p in doc.provisions]


def test_bad_leave_input_is_shown_next_to_the_field(app, world):
    leaver = world.member_ids[2]
    client = admin_client(app)
    empty = client.post(f"/admin/members/{leaver}/leave", data={"left_on": "", "reason": ""})
    assert empty.status_code == 200  # the form again, as every administration form
    assert 'id="left_on-error"' in empty.get_data(as_text=True)
    ok = {"left_on": "2027-03-31", "reason": "見直し"}
    assert client.post(f"/admin/members/{leaver}/leave", data=ok).status_code == 302
    again = client.post(f"/admin/members/{leaver}/leave", data=ok)
    assert again.status_code == 200 and "記録済み" in again.get_data(as_text=True)
    # Two members would be left with one: refused, nothing written.
    last = client.post(f"/admin/members/{world.member_ids[1]}/leave", data=ok)
    assert "1団体になる" in last.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Member, world.member_ids[1]).left_on is None


def test_a_join_needs_its_date_once_an_agreement_is_executed(app, world):
    executed_with_costs(app, world)
    response = admin_client(app).post(
        f"/admin/consortia/{world.consortium_id}/members/new",
        data={"name": "津野町", "kind": "town"},
    )
    assert response.status_code == 200  # the form again, with the message at the field
    assert 'id="joined_on-error"' in response.get_data(as_text=True)


def test_an_amendment_is_refused_without_a_change_and_the_form_says_why(app, world):
    original_id, _ = executed_with_costs(app, world)
    response = _client(app).post(f"/agreements/{original_id}/membership", data={"reason": "x"})
    assert response.status_code == 422
    assert "加入・脱退した構成団体がありません" in response.get_data(as_text=True)
    for data, field in (
        ({"reason": ""}, "reason"),
        ({"reason": "見直し", "fiscal_year": "令和9"}, "fiscal_year"),
        ({"reason": "見直し", "fiscal_year": "1999"}, "fiscal_year"),
    ):
        bad = _client(app).post(f"/agreements/{original_id}/membership", data=data)
        assert bad.status_code == 422 and f'id="{field}-error"' in bad.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(sa.select(Agreement).where(Agreement.amends_id.is_not(None))) is None
        )


def test_a_member_that_left_is_asked_for_nothing_and_records_no_position(app, world):
    from negotiator.negotiation import services as negotiation
    from negotiator.negotiation.tasks import positions_owed
    from tests.agreements.amendment_helpers import FACILITATOR, facilitator
    from tests.factories import user_id

    leaver = world.member_ids[1]  # other_liaison speaks for it
    response = admin_client(app).post(
        f"/admin/members/{leaver}/leave", data={"left_on": "2027-03-31", "reason": "見直し"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert positions_owed(user_id("other_liaison")) == []
        item = db.session.get(AgendaItem, world.item_id)
        data = {"revision": item.current_revision, "stance": "agree"}
        member = db.session.get(Member, leaver)
        with pytest.raises(negotiation.NegotiationError, match="脱退"):
            negotiation.record_position(item, member, data, facilitator(), FACILITATOR)


def test_a_yearly_review_makes_a_new_annex_by_amendment(app, world):
    from negotiator.consortia.models import Indicator

    original_id, _cost_item = executed_with_costs(app, world)
    with app.app_context():
        original_annex = db.session.get(Agreement, original_id).content_json
        population = db.session.scalar(
            sa.select(Indicator).where(
                Indicator.member_id == world.member_ids[0], Indicator.key == "population"
            )
        )
        population.value, population.reference_date = 19000, "2027-01-01"
        db.session.commit()
    client = _client(app)
    preview = client.get(f"/agreements/{original_id}/membership?fiscal_year=2027")
    assert "令和9年度" in preview.get_data(as_text=True)
    response = client.post(
        f"/agreements/{original_id}/membership",
        data={"reason": "令和9年度の見直し", "fiscal_year": "2027"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        amendment = db.session.scalar(sa.select(Agreement).where(Agreement.amends_id.is_not(None)))
        doc = document.assembled(amendment)
        assert len(doc.signature_blocks) == 3
        annex = next(p.annex for p in doc.provisions if p.annex is not None)
        assert annex.title == "令和9年度経費の負担額及び負担割合"
        assert any("令和9年1月1日" in note for note in annex.notes)
        assert amendment.effective_date == dt.date(2027, 4, 1)
        assert db.session.get(Agreement, original_id).content_json == original_annex


def test_once_the_recomputed_shares_are_agreed_a_rebuilt_draft_keeps_the_new_annex(app, world):
    from negotiator.agreements import services
    from negotiator.negotiation.models import Negotiation
    from tests.agreements.amendment_helpers import move
    from tests.factories import record

    original_id, cost_item = executed_with_costs(app, world)
    join_fourth_town(app, world)
    response = _client(app).post(
        f"/agreements/{original_id}/membership",
        data={"reason": "津野町の加入", "fiscal_year": "2027"},
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(AgendaItem, cost_item)
        for member in members_of(world.consortium_id):  # the joiner takes a position too
            record(item, member, "agree")
        move(cost_item, "agree")
        amendment = services.create_draft(db.session.get(Negotiation, world.negotiation_id))
        db.session.commit()
        doc = document.assembled(amendment)
        annex = next(p.annex for p in doc.provisions if p.annex is not None)
        assert annex.title == "令和9年度経費の負担額及び負担割合"
        assert [row[0] for row in annex.rows][3] == "津野町"
        assert "第3条及び第5条中「乙及び丙」を「乙、丙及び丁」に改める。" in [
            p.sentence for p in doc.provisions
        ]
