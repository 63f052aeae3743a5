"""議事録署名人 (issue 15, item 4): designated members' confirmations lock the minutes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.meetings.models import Meeting, MinutesSigner
from tests.factories import login, user_id
from tests.meetings.factories import make_meeting


def _client(app, user: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _published(app, world, fac) -> int:  # noqa: ANN001
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    assert fac.post(f"/meetings/{m}/publish").status_code == 302
    return m


def _version(app, m: int) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.get(Meeting, m).version


def _confirm(app, user: str, m: int, member_id: int) -> None:  # noqa: ANN001
    url = f"/meetings/{m}/members/{member_id}/confirm"
    response = _client(app, user).post(url, data={"answer": "confirm", "revision": 1})
    assert response.status_code == 302


def _status(app, m: int) -> str:  # noqa: ANN001
    with app.app_context():
        return db.session.get(Meeting, m).status


def test_designated_signers_lock_the_minutes_without_the_other_members(app, world):
    fac = _client(app, "facilitator")
    m = _published(app, world, fac)
    signers = world.member_ids[:2]  # 'liaison' and 'other_liaison'; the third has no liaison
    page = fac.get(f"/meetings/{m}/signers")
    assert page.status_code == 200 and "議事録署名人" in page.get_data(as_text=True)
    response = fac.post(
        f"/meetings/{m}/signers", data={"member_ids": signers, "version": _version(app, m)}
    )
    assert response.status_code == 302
    shown = fac.get(f"/meetings/{m}").get_data(as_text=True)
    assert "署名人全員の確認で確定します" in shown
    _confirm(app, "liaison", m, signers[0])
    assert _status(app, m) == "held"
    _confirm(app, "other_liaison", m, signers[1])
    assert _status(app, m) == "confirmed"
    shown = fac.get(f"/meetings/{m}").get_data(as_text=True)
    assert "議事録署名人の確認を経て確定しています" in shown
    with app.app_context():
        rows = db.session.scalars(sa.select(MinutesSigner).order_by(MinutesSigner.id)).all()
        assert [(r.meeting_id, r.member_id) for r in rows] == [(m, s) for s in signers]
        assert {r.designated_by_id for r in rows} == {user_id("facilitator")}
        audit = db.session.execute(
            sa.select(AuditEntry.action, AuditEntry.summary).order_by(AuditEntry.id)
        ).all()
        actions = [a for a, _ in audit]
        assert actions.index("minutes.signers") < actions.index("minutes.confirmed")
        done = next(s for a, s in audit if a == "minutes.confirmed")
        assert done.startswith("議事録署名人(") and "全構成団体" not in done
    # Locked: the designation cannot change until the minutes are reopened.
    again = fac.post(f"/meetings/{m}/signers", data={"member_ids": [], "version": _version(app, m)})
    assert "議事録が確定しているため変更できません" in again.get_data(as_text=True)


def test_without_signers_every_member_confirms(app, world):
    fac = _client(app, "facilitator")
    m = _published(app, world, fac)
    _confirm(app, "liaison", m, world.member_ids[0])
    _confirm(app, "other_liaison", m, world.member_ids[1])
    assert _status(app, m) == "held"  # the third member has not confirmed
    page = fac.get(f"/meetings/{m}").get_data(as_text=True)
    assert "議事録署名人の指定はありません" in page


def test_designating_signers_who_all_confirmed_locks_at_once(app, world):
    fac = _client(app, "facilitator")
    m = _published(app, world, fac)
    _confirm(app, "liaison", m, world.member_ids[0])
    assert _status(app, m) == "held"
    data = {"member_ids": [world.member_ids[0]], "version": _version(app, m)}
    assert fac.post(f"/meetings/{m}/signers", data=data).status_code == 302
    assert _status(app, m) == "confirmed"


def test_signers_refusals_write_nothing(app, world):
    fac = _client(app, "facilitator")
    m = _published(app, world, fac)
    url = f"/meetings/{m}/signers"
    foreign = fac.post(
        url, data={"member_ids": [world.other_member_id], "version": _version(app, m)}
    )
    assert foreign.status_code == 200 and 'id="member_ids-error"' in foreign.get_data(as_text=True)
    stale = fac.post(url, data={"member_ids": [world.member_ids[0]], "version": 0})
    assert "他の人が先にこの会議を変更しました" in stale.get_data(as_text=True)
    same = fac.post(url, data={"member_ids": [], "version": _version(app, m)})
    assert "議事録署名人は変わっていません" in same.get_data(as_text=True)
    data = {"member_ids": [world.member_ids[0]], "version": _version(app, m)}
    assert _client(app, "liaison").post(url, data=data).status_code == 403
    assert fac.post("/meetings/999999/signers", data=data).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(MinutesSigner.id))) == 0
        assert "minutes.signers" not in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_changing_signers_replaces_them_and_removing_all_restores_the_rule(app, world):
    fac = _client(app, "facilitator")
    m = _published(app, world, fac)
    url = f"/meetings/{m}/signers"
    first, second = world.member_ids[0], world.member_ids[1]
    fac.post(url, data={"member_ids": [first], "version": _version(app, m)})
    fac.post(url, data={"member_ids": [second], "version": _version(app, m)})
    with app.app_context():
        assert db.session.scalars(sa.select(MinutesSigner.member_id)).all() == [second]
    fac.post(url, data={"member_ids": [], "version": _version(app, m)})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(MinutesSigner.id))) == 0
        summaries = db.session.scalars(
            sa.select(AuditEntry.summary)
            .where(AuditEntry.action == "minutes.signers")
            .order_by(AuditEntry.id)
        ).all()
        assert len(summaries) == 3 and "解除" in summaries[-1]


def test_a_member_is_designated_once_per_meeting(app, world):
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        for _ in range(2):
            db.session.add(
                MinutesSigner(
                    meeting_id=m,
                    member_id=world.member_ids[0],
                    designated_by_id=user_id("facilitator"),
                )
            )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
