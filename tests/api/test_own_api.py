"""GET /api/v1/notifications: the token's user's own notifications, in the request's language."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.notifications.models import Kind, Notification
from tests.api.helpers import bearer, token_for
from tests.factories import World

TITLE = "アクセス権制御ポリシー"


def _notify(username: str, world: World, *, read: bool = False) -> None:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    db.session.add(
        Notification(
            user_id=user.id,
            kind=Kind.ITEM_NEW.value,
            event_key=f"test:{username}:{read}",
            consortium_id=world.consortium_id,
            params={"number": "第1号", "title": TITLE},
            path=f"/items/{world.item_id}",
            read_at=dt.datetime.now(dt.UTC) if read else None,
        )
    )


def test_a_token_reads_its_users_notifications_only(app: Flask, world: World) -> None:
    with app.app_context():
        _notify("liaison", world)
        _notify("liaison", world, read=True)
        _notify("other_liaison", world)
        db.session.commit()
        liaison = db.session.scalar(sa.select(User).where(User.username == "liaison"))
        own = db.session.scalars(
            sa.select(Notification.id).where(Notification.user_id == liaison.id)
        ).all()
        unread_ids = db.session.scalars(
            sa.select(Notification.id).where(
                Notification.user_id == liaison.id, Notification.read_at.is_(None)
            )
        ).all()
    client = app.test_client()
    headers = bearer(token_for(app, "liaison", scope="read"))
    body = client.get("/api/v1/notifications", headers=headers).json
    assert [n["id"] for n in body["items"]] == sorted(own) and body["next_cursor"] is None
    last, before = body["items"][-1], body["items"][-2]
    assert last["kind"] == "item_new" and last["path"] == f"/items/{world.item_id}"
    assert TITLE in last["text"] and last["council_id"] == world.consortium_id
    assert last["read_at"] is not None and before["read_at"] is None
    unread = client.get("/api/v1/notifications?unread=1", headers=headers).json
    assert [n["id"] for n in unread["items"]] == sorted(unread_ids)
    english = client.get("/api/v1/notifications", headers=headers | {"Accept-Language": "en"})
    text = english.json["items"][-1]["text"]
    assert TITLE in text and text != last["text"] and "提案されました" not in text
    assert client.get("/api/v1/notifications").status_code == 401
