"""Render job routes for the authorization matrix: whoever may see the subject sees the job."""

from __future__ import annotations

import datetime as dt

from negotiator.agreements import renders, services
from negotiator.agreements.signing_date import japan_today
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db
from negotiator.renders.services import render_now
from tests.authz import CONSORTIUM
from tests.factories import make_item, make_negotiation, record


def routes(app, world) -> dict:  # noqa: ANN001
    with app.app_context():
        negotiation = make_negotiation(db.session.get(Consortium, world.consortium_id), "PDF用")
        item = make_item(negotiation, "目的")
        for member_id in world.member_ids:
            record(item, db.session.get(Member, member_id), "agree")
        item.state = "agreed"
        agreement = services.create_draft(negotiation)
        agreement.signing_date = japan_today() + dt.timedelta(days=30)
        job = renders.provisional_pdf(agreement)
        render_now(job)
        db.session.commit()
        j = job.id
    return {
        "renders.show": [("GET", f"/renders/{j}", CONSORTIUM)],
        "renders.file": [("GET", f"/renders/{j}/file", CONSORTIUM)],
    }
