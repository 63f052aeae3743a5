"""Administration screens: create and edit, errors at the field, stale edits refused."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Member, Membership
from negotiator.db import db
from tests.factories import login


def _admin(app, world):  # noqa: ANN001, ANN202, ARG001
    client = app.test_client()
    login(client, "admin")
    return client


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_consortium_member_user_and_role(app, world):
    client = _admin(app, world)
    assert client.post("/admin/consortia/new", data={"name": "嶺北地域協議会"}).status_code == 302
    with app.app_context():
        cid = db.session.scalar(sa.select(Consortium.id).where(Consortium.name == "嶺北地域協議会"))
    response = client.post(
        f"/admin/consortia/{cid}/members/new",
        data={
            "name": "本山町",
            "kind": "town",
            "party_label": "甲",
            "representative_title": "本山町長",
            "representative_name": "",
            "address": "高知県長岡郡本山町",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/admin/users/new",
            data={
                "username": "motoyama",
                "display_name": "本山町 担当",
                "password": "long-enough-77",
                "active": "y",
            },
        ).status_code
        == 302
    )
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == "motoyama"))
        mid = db.session.scalar(sa.select(Member.id).where(Member.name == "本山町"))
    response = client.post(
        f"/admin/users/{uid}/memberships",
        data={"consortium_id": cid, "role": "liaison", "member_id": mid},
    )
    assert response.status_code == 302
    with app.app_context():
        membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == uid))
        assert (membership.role, membership.member_id) == ("liaison", mid)


def test_bad_input_is_shown_at_the_field_and_writes_nothing(app, world):
    client = _admin(app, world)
    with app.app_context():
        before = _count(AuditEntry), _count(Member)
    c = world.consortium_id
    duplicate = client.post(
        f"/admin/consortia/{c}/members/new",
        data={"name": "須崎市", "kind": "city", "party_label": "", "sort_order": "0"},
    )
    page = duplicate.get_data(as_text=True)
    assert duplicate.status_code == 200 and "既に使われています" in page
    assert 'id="name-error"' in page
    bad_kind = client.post(
        f"/admin/consortia/{c}/members/new",
        data={"name": "檮原町", "kind": "metropolis", "sort_order": "0"},
    )
    assert 'id="kind-error"' in bad_kind.get_data(as_text=True)
    weak = client.post(
        "/admin/users/new", data={"username": "newbie", "display_name": "新人", "password": "123"}
    )
    assert 'id="password-error"' in weak.get_data(as_text=True)
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == "observer"))
    no_member = client.post(
        f"/admin/users/{uid}/memberships",
        data={"consortium_id": c, "role": "liaison", "member_id": "0"},
    )
    assert no_member.status_code == 200
    assert "構成団体を選んでください" in no_member.get_data(as_text=True)
    with app.app_context():
        assert (_count(AuditEntry), _count(Member)) == before


def test_member_of_another_consortium_cannot_be_used(app, world):
    client = _admin(app, world)
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == "observer"))
    response = client.post(
        f"/admin/users/{uid}/memberships",
        data={
            "consortium_id": world.consortium_id,
            "role": "liaison",
            "member_id": world.other_member_id,
        },
    )
    assert response.status_code == 200
    assert "構成団体を選んでください" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(Membership).where(Membership.user_id == uid, Membership.role == "liaison")
            )
            is None
        )


def test_stale_edit_is_refused_not_overwritten(app, world):
    first, second = _admin(app, world), _admin(app, world)
    m = world.member_ids[0]
    data = {
        "name": "須崎市",
        "kind": "city",
        "party_label": "甲",
        "sort_order": "0",
        "representative_title": "須崎市長",
        "address": "",
        "version": "1",
    }
    assert (
        first.post(f"/admin/members/{m}", data=data | {"representative_name": "A"}).status_code
        == 302
    )
    stale = second.post(f"/admin/members/{m}", data=data | {"representative_name": "B"})
    assert stale.status_code == 200
    assert "他の人が先に変更しました" in stale.get_data(as_text=True)
    with app.app_context():
        member = db.session.get(Member, m)
        assert member.representative_name == "A" and member.version == 2


def test_missing_objects_are_404(app, world):
    client = _admin(app, world)
    for url in ("/admin/consortia/9999", "/admin/members/9999", "/admin/users/9999"):
        assert client.get(url).status_code == 404
