"""Agreement routes for the authorization matrix."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator.agreements import services, signing
from negotiator.agreements.models import Agreement
from negotiator.agreements.signing_date import japan_today
from negotiator.auth.models import User
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
    executed = _executed(app, world)
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
        # 変更協定: only the facilitator starts one, from an executed agreement.
        "agreements.amend": [("POST", f"/agreements/{executed}/amend", FACILITATOR)],
        "agreements.consolidated": [("GET", f"/agreements/{a}/consolidated", CONSORTIUM)],
        "agreements.consolidated_pdf": [("GET", f"/agreements/{a}/consolidated/pdf", CONSORTIUM)],
        "agreements.verify_page": [("GET", "/verify", LOGGED_IN), ("POST", "/verify", LOGGED_IN)],
    }


def _executed(app, world) -> int:  # noqa: ANN001
    """An agreement of a negotiation of its own, executed on paper by every member."""
    with app.app_context():
        negotiation = make_negotiation(db.session.get(Consortium, world.consortium_id), "締結済み")
        item = make_item(negotiation, "目的")
        members = [db.session.get(Member, member_id) for member_id in world.member_ids]
        for member in members:
            record(item, member, "agree")
        item.state = "agreed"
        agreement = services.create_draft(negotiation)
        agreement.execution_method = "paper"
        agreement.signing_date = japan_today() + dt.timedelta(days=30)
        services.send_for_signature(agreement, agreement.version)
        db.session.commit()  # the signing original is rendered once this commits
        agreement_id = agreement.id
    with app.app_context():
        agreement = db.session.get(Agreement, agreement_id)
        facilitator = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
        for member_id in world.member_ids:
            member = db.session.get(Member, member_id)
            signing.record_paper_signature(agreement, member, facilitator, japan_today(), "")
        db.session.commit()
        assert agreement.status == "executed"
    return agreement_id
