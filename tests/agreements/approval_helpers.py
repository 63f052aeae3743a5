"""Helpers for 決裁 tests: the council setting, a frozen agreement, the liaison's form post."""

from __future__ import annotations

import datetime as dt

from negotiator.agreements import services
from negotiator.agreements.signing_date import japan_today
from negotiator.consortia.models import Consortium
from negotiator.db import db
from tests.agreements.factories import agreement, make_draft
from tests.factories import login


def require_approval(app, world, on: bool = True) -> None:  # noqa: ANN001
    with app.app_context():
        db.session.get(Consortium, world.consortium_id).approval_required = on
        db.session.commit()


def sent(app, world, method: str = "witness") -> tuple[int, str]:  # noqa: ANN001
    """A version out for signature: (agreement id, content hash)."""
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        a.execution_method = method
        db.session.flush()
        services.send_for_signature(a, a.version)
        db.session.commit()
        assert a.status == "out_for_signature"
        return agreement_id, a.content_hash


def form(digest: str, version: int = 0, **changes: object) -> dict[str, object]:
    """A complete 決裁 form as the liaison fills it in (dates in the recent past)."""
    today = japan_today()
    return {
        "status": "approved",
        "drafted_on": (today - dt.timedelta(days=7)).isoformat(),
        "approved_on": (today - dt.timedelta(days=2)).isoformat(),
        "document_number": "須総第123号",
        "approver_title": "市長",
        "note": "",
        "content_hash": digest,
        "version": version,
    } | changes


def approve_web(app, username: str, agreement_id: int, member_id: int, data: dict):  # noqa: ANN001, ANN201
    client = app.test_client()
    login(client, username)
    return client.post(f"/agreements/{agreement_id}/approval/{member_id}", data=data)
