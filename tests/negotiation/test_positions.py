"""Recording positions: own member only, required reasons and conditions, append-only, stale."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from negotiator.audit import services as audit
from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Position, PositionCondition
from tests.factories import login


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _post(client, world, member_index: int, **data):  # noqa: ANN001, ANN003, ANN202
    member_id = world.member_ids[member_index]
    form = {
        "stance": "agree",
        "source": "email",
        "revision": "1",
        "statement": "",
        "conditions": "",
        "reason": "",
    } | data
    return client.post(f"/items/{world.item_id}/members/{member_id}/position", data=form)


def test_liaison_cannot_speak_for_another_member(app, client, world):
    login(client, "liaison")  # liaison of 須崎市 (member 0)
    with app.app_context():
        before = _count(Position), _count(AuditEntry)
    assert (
        client.get(f"/items/{world.item_id}/members/{world.member_ids[1]}/position").status_code
        == 403
    )
    assert _post(client, world, 1).status_code == 403
    with app.app_context():
        assert (_count(Position), _count(AuditEntry)) == before
    page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert page.count("意見を登録") == 1  # only for 須崎市


def test_member_of_another_consortium_is_404(app, client, world):
    login(client, "facilitator")
    url = f"/items/{world.item_id}/members/{world.other_member_id}/position"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"stance": "object"}, "reason", "反対の場合は理由を入力してください"),
        ({"stance": "conditional"}, "conditions", "条件を1行に1つ"),
        ({"stance": "agree", "conditions": "何か"}, "conditions", "条件付賛成の場合だけ"),
        ({"stance": "maybe"}, "stance", "選択肢が正しくありません"),
        ({"stance": ""}, "stance", "意見を選んでください"),
        ({"source": "pigeon"}, "source", "選択肢が正しくありません"),
        ({"revision": "abc"}, None, ""),
    ],
)
def test_bad_positions_are_refused_at_the_field(app, client, world, data, field, message):
    login(client, "liaison")
    with app.app_context():
        before = _count(Position), _count(AuditEntry)
    response = _post(client, world, 0, **data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if field:
        assert f'id="{field}-error"' in page and message in page
    with app.app_context():
        assert (_count(Position), _count(AuditEntry)) == before


def test_positions_are_appended_and_history_kept(app, client, world):
    login(client, "liaison")
    assert _post(client, world, 0, stance="object", reason="費用が高い").status_code == 302
    assert _post(client, world, 0, stance="agree", statement="説明を受けて了承").status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Position)
            .where(Position.member_id == world.member_ids[0])
            .order_by(Position.id)
        ).all()
        assert [p.stance for p in rows] == ["conditional", "object", "agree"]
        assert not any(p.on_behalf for p in rows)
        assert audit.verify_chain().ok
    page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert "以前の意見(2件)" in page and "費用が高い" in page


def test_facilitator_records_on_behalf(app, client, world):
    login(client, "facilitator")
    page = client.get(f"/items/{world.item_id}/members/{world.member_ids[2]}/position")
    assert "代わって登録" in page.get_data(as_text=True)
    assert _post(client, world, 2, stance="undecided", source="phone").status_code == 302
    with app.app_context():
        position = db.session.scalars(sa.select(Position).order_by(Position.id.desc())).first()
        assert position.on_behalf and position.source == "phone"
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert "事務局が代理登録" in entry.summary and entry.actor_name == "facilitator"


def test_position_on_an_old_revision_is_refused(app, client, world):
    login(client, "facilitator")
    client.post(
        f"/items/{world.item_id}/revise",
        data={"text": "改訂した提案文", "change_note": "", "base_revision": "1"},
    )
    response = _post(client, world, 0, revision="1")
    assert "第2版に更新されました" in response.get_data(as_text=True)
    assert _post(client, world, 0, revision="2").status_code == 302


def test_new_revision_makes_positions_stale(app, client, world):
    login(client, "facilitator")
    client.post(
        f"/items/{world.item_id}/revise",
        data={"text": "改訂した提案文", "change_note": "文言修正", "base_revision": "1"},
    )
    board = client.get(f"/negotiations/{world.negotiation_id}").get_data(as_text=True)
    assert "要再確認(第1版への意見)" in board
    item_page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert "須崎市: 第1版への意見のため、第2版について再確認が必要です" in item_page


def test_condition_cleared_with_who_and_when(app, client, world):
    login(client, "liaison")
    assert client.post(f"/conditions/{world.condition_id}/clear").status_code == 302
    with app.app_context():
        condition = db.session.get(PositionCondition, world.condition_id)
        assert condition.cleared_at is not None
        assert condition.cleared_by.username == "liaison"
    again = client.post(f"/conditions/{world.condition_id}/clear", follow_redirects=True)
    assert "既に解消済み" in again.get_data(as_text=True)
    other = client.application.test_client()
    login(other, "other_liaison")
    assert other.post(f"/conditions/{world.condition_id}/clear").status_code == 403


def test_no_positions_once_agreed_or_withdrawn(app, client, world):
    with app.app_context():
        db.session.get(AgendaItem, world.item_id).state = "withdrawn"
        db.session.commit()
    login(client, "liaison")
    response = _post(client, world, 0)
    assert "この状態の協議事項には意見を登録できません" in response.get_data(as_text=True)


def test_service_refuses_a_member_of_another_consortium(app, world):
    from negotiator.auth.permissions import ConsortiumRoles
    from negotiator.consortia.models import Member
    from negotiator.negotiation import services

    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        outsider = db.session.get(Member, world.other_member_id)
        data = {"stance": "agree", "revision": item.current_revision, "source": "email"}
        with pytest.raises(services.NegotiationError, match="この協議会の構成団体ではありません"):
            services.record_position(
                item, outsider, data, item.revisions[0].author, ConsortiumRoles(facilitator=True)
            )
