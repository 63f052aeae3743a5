"""What is the token's user's own: their notifications (the list the header's bell opens)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, request
from flask_login import current_user

from negotiator.api import schemas
from negotiator.api.core import bp, endpoint, page
from negotiator.api.spec import documented
from negotiator.notifications.messages import headline
from negotiator.notifications.models import Notification


@bp.get("/notifications")
@endpoint
@documented(
    "自分への通知(古い順。unread=1 で未読のみ)", schemas.page_of(schemas.Notification), paged=True
)
def notifications() -> Response:
    query = sa.select(Notification).where(Notification.user_id == current_user.id)
    if request.args.get("unread") == "1":
        query = query.where(Notification.read_at.is_(None))
    return page(query, Notification.id, _dump)


def _dump(rows: list[Notification]) -> list[dict]:
    return schemas.Notification(many=True).dump(
        [
            {
                "id": n.id,
                "kind": n.kind,
                "text": headline(n.kind, n.params),
                "council_id": n.consortium_id,
                "path": n.path,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in rows
        ]
    )
