"""Agreement routes for the authorization matrix."""

from __future__ import annotations

import datetime as dt

from negotiator.agreements import services
from negotiator.agreements.signing_date import japan_today
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db
from tests.authz import ADMIN_ONLY, CONSORTIUM, FACILITATOR, LOGGED_IN, _only
from tests.factories import make_item, make_negotiation, record


def routes(app, world) -> dict:  # noqa: ANN001
    # A negotiation of its own, so that other domains' matrix data stays untouched.
    with app.app_context():
        negotiation = make_negotiation(db.session.get(Consortium, world.consortium_id), "協定用")
        item = make_item(negotiation, "目的")
        for member_id in world.member_ids:
            record(item, db.session.get(Member, member_id), "agree")
        item.state = "agreed"
        agreement = services.create_draft(negotiation)
        extra = services.add_standard_article(agreement, "脱退", "本文", agreement.version)
        agreement.signing_date = japan_today() + dt.timedelta(days=30)
        services.send_for_signature(agreement, agreement.version)
        db.session.commit()
        a, art, n = agreement.id, extra.id, negotiation.id
    m = world.member_ids[0]
    signer = _only("signatory")
    return {
        "agreements.for_negotiation": [("GET", f"/negotiations/{n}/agreement", CONSORTIUM)],
        "agreements.draft": [("POST", f"/negotiations/{n}/agreement/draft", FACILITATOR)],
        "agreements.show": [("GET", f"/agreements/{a}", CONSORTIUM)],
        "agreements.settings": [("POST", f"/agreements/{a}/settings", FACILITATOR)],
        "agreements.articles": [("POST", f"/agreements/{a}/articles", FACILITATOR)],
        "agreements.article_new": [("POST", f"/agreements/{a}/articles/new", FACILITATOR)],
        "agreements.article_edit": [("POST", f"/agreements/{a}/articles/{art}/edit", FACILITATOR)],
        "agreements.article_delete": [
            ("POST", f"/agreements/{a}/articles/{art}/delete", FACILITATOR)
        ],
        "agreements.send": [("POST", f"/agreements/{a}/send", FACILITATOR)],
        "agreements.sign": [
            ("GET", f"/agreements/{a}/sign/{m}", signer),
            ("POST", f"/agreements/{a}/sign/{m}", signer),
        ],
        "agreements.member_certificates": [
            ("GET", f"/admin/members/{m}/certificates", ADMIN_ONLY),
            ("POST", f"/admin/members/{m}/certificates", ADMIN_ONLY),
        ],
        # Only the member's own liaison records its 決裁 (the member's internal act).
        "agreements.approval": [
            ("GET", f"/agreements/{a}/approval/{m}", _only("liaison")),
            ("POST", f"/agreements/{a}/approval/{m}", _only("liaison")),
        ],
        "agreements.upload": [("POST", f"/agreements/{a}/upload/{m}", signer)],
        "agreements.paper": [("POST", f"/agreements/{a}/paper/{m}", FACILITATOR)],
        "agreements.scan": [
            ("GET", f"/agreements/{a}/scan", CONSORTIUM),
            ("POST", f"/agreements/{a}/scan", FACILITATOR),
        ],
        "agreements.supersede": [("POST", f"/agreements/{a}/supersede", FACILITATOR)],
        "agreements.pdf": [("GET", f"/agreements/{a}/pdf", CONSORTIUM)],
        # 変更協定: only the facilitator starts one (here refused: not executed, still not 403).
        "agreements.amend": [("POST", f"/agreements/{a}/amend", FACILITATOR)],
        "agreements.consolidated": [("GET", f"/agreements/{a}/consolidated", CONSORTIUM)],
        "agreements.consolidated_pdf": [("GET", f"/agreements/{a}/consolidated/pdf", CONSORTIUM)],
        "agreements.verify_page": [("GET", "/verify", LOGGED_IN), ("POST", "/verify", LOGGED_IN)],
    }
