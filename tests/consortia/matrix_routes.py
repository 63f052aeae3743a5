"""Members joining and leaving: routes for the authorization matrix."""

from __future__ import annotations

from negotiator.agreements import services
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db
from tests.authz import ADMIN_ONLY, CONSORTIUM, FACILITATOR
from tests.factories import make_item, make_negotiation, record


def routes(app, world) -> dict:  # noqa: ANN001
    with app.app_context():
        negotiation = make_negotiation(db.session.get(Consortium, world.consortium_id), "加入用")
        item = make_item(negotiation, "目的")
        for member_id in world.member_ids:
            record(item, db.session.get(Member, member_id), "agree")
        item.state = "agreed"
        agreement = services.create_draft(negotiation)
        db.session.commit()
        a = agreement.id
    m = world.member_ids[2]
    return {
        # Empty forms: refused with messages (422), nothing recorded.
        "admin.member_leave": [
            ("GET", f"/admin/members/{m}/leave", ADMIN_ONLY),
            ("POST", f"/admin/members/{m}/leave", ADMIN_ONLY),
        ],
        "agreements.membership": [("GET", f"/agreements/{a}/membership", CONSORTIUM)],
        "agreements.membership_start": [("POST", f"/agreements/{a}/membership", FACILITATOR)],
    }
