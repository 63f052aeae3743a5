"""Personal access tokens: shown once, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from flask import Flask

from negotiator import clock
from negotiator.auth.models import User
from negotiator.auth.tokens import ApiToken, digest
from negotiator.db import db
from tests.api.helpers import bearer, token_for
from tests.factories import World, login

COUNCILS = "/api/v1/councils"


def test_a_token_is_shown_once_and_stored_hashed(app: Flask, world: World) -> None:
    client = app.test_client()
    login(client, "liaison")
    page = client.post(
        "/account/tokens", data={"name": "グループウェア", "scope": "read", "days": "30"}
    )
    assert page.status_code == 200
    secret = re.search(r'id="new-token">([^<]+)<', page.get_data(as_text=True)).group(1)
    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken))
        assert token.token_hash == digest(secret) and secret not in token.token_hash
        assert token.scope == "read" and token.last_used_at is None
    assert secret not in client.get("/account/tokens").get_data(as_text=True)
    assert app.test_client().get(COUNCILS, headers=bearer(secret)).status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(ApiToken)).last_used_at is not None
    assert "グループウェア" in client.get("/account/tokens").get_data(as_text=True)


def test_a_bad_name_is_refused_at_the_field(app: Flask, world: World) -> None:
    client = app.test_client()
    login(client, "liaison")
    page = client.post("/account/tokens", data={"name": "x" * 41, "scope": "read", "days": "30"})
    assert 'id="new-token"' not in page.get_data(as_text=True)
    assert "error-summary" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_revoked_expired_or_wrong_tokens_get_401(app: Flask, world: World) -> None:
    secret = token_for(app, "liaison")
    client = app.test_client()
    assert client.get(COUNCILS, headers=bearer(secret)).status_code == 200
    for wrong in ("ngt_nothing", "", "Basic abc", secret + "x"):
        response = client.get(COUNCILS, headers={"Authorization": f"Bearer {wrong}"})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    with app.app_context():
        db.session.execute(
            sa.update(ApiToken).values(
                created_at=clock.now() - dt.timedelta(days=31),
                expires_at=clock.now() - dt.timedelta(seconds=1),
            )
        )
        db.session.commit()
    assert client.get(COUNCILS, headers=bearer(secret)).status_code == 401


def test_the_owner_and_an_administrator_revoke(app: Flask, world: World) -> None:
    mine, theirs = token_for(app, "liaison"), token_for(app, "facilitator")
    with app.app_context():
        ids = list(db.session.scalars(sa.select(ApiToken.id).order_by(ApiToken.id)))
    owner = app.test_client()
    login(owner, "liaison")
    assert owner.post(f"/tokens/{ids[1]}/revoke").status_code == 403
    assert owner.post(f"/tokens/{ids[0]}/revoke").status_code == 302
    admin = app.test_client()
    login(admin, "admin")
    assert "facilitator" in admin.get("/admin/tokens").get_data(as_text=True)
    assert admin.post(f"/tokens/{ids[1]}/revoke").status_code == 302
    api = app.test_client()
    assert api.get(COUNCILS, headers=bearer(mine)).status_code == 401
    assert api.get(COUNCILS, headers=bearer(theirs)).status_code == 401


def test_a_deactivated_user_s_token_stops_working(app: Flask, world: World) -> None:
    secret = token_for(app, "liaison")
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == "liaison").values(active=False))
        db.session.commit()
    assert app.test_client().get(COUNCILS, headers=bearer(secret)).status_code == 401
