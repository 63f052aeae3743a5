"""Moving items between states through the web, with the workflow's guards and version checks."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from negotiator.audit import services as audit
from negotiator.audit.models import AuditEntry
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Negotiation, StateChange
from tests.factories import login, make_item, record


def _item(app, world) -> AgendaItem:  # noqa: ANN001
    return db.session.get(AgendaItem, world.item_id)


def _set_positions(app, world, stances: list[str | None], rule: str = "unanimity") -> None:  # noqa: ANN001
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        item.rule_override = rule
        item.discussed_note = "第1回協議会"
        item.state = "discussed"
        for member_id, stance in zip(world.member_ids, stances, strict=True):
            if stance:
                extra = {"reason": "理由"} if stance == "object" else {}
                if stance == "conditional":
                    extra = {"conditions": "条件"}
                record(item, db.session.get(Member, member_id), stance, **extra)
        db.session.commit()


def _move(client, world, name: str, version: int, reason: str = ""):  # noqa: ANN001, ANN202
    return client.post(
        f"/items/{world.item_id}/move/{name}",
        data={"version": str(version), "reason": reason},
        follow_redirects=True,
    )


def _version(app, world) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.get(AgendaItem, world.item_id).version


@pytest.mark.parametrize(
    "stances,rule,allowed,why",
    [
        (["agree", "agree", "agree"], "unanimity", True, ""),
        (["agree", "conditional", "agree"], "unanimity", True, ""),
        (["agree", "agree", None], "unanimity", False, "四万十町: 第1版への意見がありません"),
        (["agree", "undecided", "agree"], "unanimity", False, "中土佐町 は保留中です"),
        (["agree", "agree", "object"], "unanimity", False, "四万十町 は反対しています"),
        (["agree", "undecided", "agree"], "consent", True, ""),
        (["agree", "object", "agree"], "consent", False, "中土佐町 は反対しています"),
        (["agree", None, "agree"], "consent", False, "中土佐町: 第1版への意見がありません"),
    ],
)
def test_agree_only_when_the_rule_holds(app, client, world, stances, rule, allowed, why):
    _set_positions(app, world, stances, rule)
    login(client, "facilitator")
    page = _move(client, world, "agree", _version(app, world)).get_data(as_text=True)
    with app.app_context():
        state = _item(app, world).state
    assert state == ("agreed" if allowed else "discussed")
    if not allowed:
        assert why in page


def test_stale_positions_do_not_count(app, client, world):
    _set_positions(app, world, ["agree", "agree", "agree"])
    login(client, "facilitator")
    client.post(
        f"/items/{world.item_id}/revise",
        data={"text": "新しい文言", "change_note": "", "base_revision": "1"},
    )
    login(client, "facilitator")
    page = _move(client, world, "agree", _version(app, world)).get_data(as_text=True)
    assert "第1版への意見のため、第2版について再確認が必要です" in page
    with app.app_context():
        assert _item(app, world).state == "discussed"


def test_discuss_needs_a_record_of_discussion(app, client, world):
    login(client, "facilitator")
    page = _move(client, world, "discuss", 1).get_data(as_text=True)
    assert "会議または書面協議でまだ協議されていません" in page
    client.post(f"/items/{world.item_id}/discussed", data={"note": "第1回協議会で協議"})
    _move(client, world, "discuss", _version(app, world))
    with app.app_context():
        assert _item(app, world).state == "discussed"
        change = db.session.scalar(sa.select(StateChange))
        assert (change.from_state, change.to_state, change.actor.username) == (
            "proposed",
            "discussed",
            "facilitator",
        )


def test_reopen_needs_a_reason(app, client, world):
    _set_positions(app, world, ["agree", "agree", "agree"])
    login(client, "facilitator")
    _move(client, world, "agree", _version(app, world))
    page = _move(client, world, "reopen", _version(app, world)).get_data(as_text=True)
    assert "理由を入力してください" in page
    _move(client, world, "reopen", _version(app, world), reason="費用の前提が変わった")
    with app.app_context():
        assert _item(app, world).state == "discussed"


def test_liaison_withdraws_only_own_members_item(app, client, world):
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        mine = make_item(
            negotiation, "支所の回線", proposer=db.session.get(Member, world.member_ids[0])
        )
        theirs = make_item(
            negotiation, "庁舎の回線", proposer=db.session.get(Member, world.member_ids[1])
        )
        db.session.commit()
        ids = mine.id, theirs.id
        versions = mine.version, theirs.version
    login(client, "liaison")
    refused = client.post(
        f"/items/{ids[1]}/move/withdraw", data={"version": versions[1]}, follow_redirects=True
    )
    assert "提案した構成団体の担当者のみ" in refused.get_data(as_text=True)
    client.post(f"/items/{ids[0]}/move/withdraw", data={"version": versions[0]})
    with app.app_context():
        states = [db.session.get(AgendaItem, i).state for i in ids]
        assert states == ["withdrawn", "proposed"]


def test_observer_cannot_move(app, client, world):
    login(client, "observer")
    assert (
        client.post(f"/items/{world.item_id}/move/withdraw", data={"version": "1"}).status_code
        == 403
    )


def test_two_facilitators_move_at_once_one_wins(app, world):
    _set_positions(app, world, ["agree", "agree", "agree"])
    version = _version(app, world)
    first, second = app.test_client(), app.test_client()
    login(first, "facilitator")
    login(second, "facilitator")
    _move(first, world, "agree", version)
    page = _move(second, world, "agree", version).get_data(as_text=True)
    assert "他の人が先にこの協議事項の状態を変更しました" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StateChange)) == 1


def test_the_proposer_and_the_facilitator_edit_the_text_at_once(app, world):
    with app.app_context():  # 須崎市 proposed it: its liaison may revise it, as the facilitator
        _item(app, world).proposing_member_id = world.member_ids[0]
        db.session.commit()
    first, second = app.test_client(), app.test_client()
    login(first, "liaison")
    login(second, "facilitator")
    data = {"change_note": "", "base_revision": "1"}
    assert (
        first.post(f"/items/{world.item_id}/revise", data=data | {"text": "須崎市の案"}).status_code
        == 302
    )
    page = second.post(f"/items/{world.item_id}/revise", data=data | {"text": "中土佐町の案"})
    assert "他の人が提案文を第2版に更新しました" in page.get_data(as_text=True)
    with app.app_context():
        item = _item(app, world)
        assert item.current_revision == 2 and item.revisions[-1].text == "須崎市の案"


def test_every_move_and_position_is_audited(app, client, world):
    _set_positions(app, world, ["agree", "agree", "agree"])
    login(client, "facilitator")
    _move(client, world, "agree", _version(app, world))
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.object_type == "agendaitem", AuditEntry.object_id == world.item_id)
            .order_by(AuditEntry.id)  # rows come back in no particular order otherwise
        ).all()
        assert actions.count("position.record") == 4 and actions[-1] == "item.move"
        assert audit.verify_chain().ok
    page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert "状態を「合意」に変更" in page
