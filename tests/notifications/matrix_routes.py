"""Authorization expectations for the notification and mail routes (collected by the matrix)."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.notifications.models import Notification
from tests.authz import ADMIN_ONLY, CONSORTIUM, LOGGED_IN, ROLES


def routes(app, world) -> dict:  # noqa: ANN001
    with app.app_context():
        # The world's item was proposed to the liaison: that notification is the liaison's own.
        mine = db.session.scalar(
            sa.select(Notification.id).join(User).where(User.username == "liaison")
        )
    own = {"anonymous": "login"} | {r: "404" for r in ROLES[1:]} | {"liaison": "ok"}
    missing = {"anonymous": "login"} | {r: "403" for r in ROLES[1:]} | {"admin": "404"}
    return {
        "notifications.index": [("GET", "/notifications/", LOGGED_IN)],
        "notifications.open_one": [("POST", f"/notifications/{mine}/open", own)],
        "notifications.read_all": [("POST", "/notifications/read", LOGGED_IN)],
        "notifications.preferences": [
            ("GET", "/notifications/preferences", LOGGED_IN),
            ("POST", "/notifications/preferences", LOGGED_IN),
        ],
        "notifications.follow": [
            ("POST", f"/notifications/items/{world.item_id}/follow", CONSORTIUM)
        ],
        "mail_admin.settings": [
            ("GET", "/admin/mail/", ADMIN_ONLY),
            ("POST", "/admin/mail/", ADMIN_ONLY),
        ],
        "mail_admin.test": [("POST", "/admin/mail/test", ADMIN_ONLY)],
        "mail_admin.retry": [("POST", "/admin/mail/outbox/999999/retry", missing)],
    }
