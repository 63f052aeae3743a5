"""Tokens and requests for the API tests."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from negotiator.auth import tokens
from negotiator.auth.models import User
from negotiator.db import db


def token_for(app: Flask, username: str, scope: str = "write", name: str = "連携") -> str:
    """A new token of the user's, its secret."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        _token, secret = tokens.create(user, name, scope, 30)
        db.session.commit()
        return secret


def bearer(secret: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **headers}


def item_state(app: Flask, item_id: int) -> dict[str, Any]:
    """What a position write must send: the item's current revision and version."""
    from negotiator.negotiation.models import AgendaItem

    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        return {"revision": item.current_revision, "version": item.version}
