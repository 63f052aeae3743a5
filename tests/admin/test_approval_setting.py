"""The council setting 署名の前に決裁の記録を必要とする: edited with the council, audited."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.consortia.models import Consortium
from negotiator.db import db
from tests.factories import login


def test_admin_turns_the_approval_setting_on_and_off(app, world):
    client = app.test_client()
    login(client, "admin")
    url = f"/admin/consortia/{world.consortium_id}"
    page = client.get(url).get_data(as_text=True)
    assert "署名の前に決裁の記録を必要とする" in page
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        data = {"name": council.name, "description": "", "version": council.version}
    assert client.post(url, data=data | {"approval_required": "y"}).status_code == 302
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        assert council.approval_required is True
        entry = db.session.scalar(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "consortium.update")
            .order_by(AuditEntry.id.desc())
        )
        assert entry.before["approval_required"] is False
        assert entry.after["approval_required"] is True
        version = council.version
    # A stale form (the version before that change) is refused, the setting kept.
    stale = client.post(url, data=data)
    assert stale.status_code == 200
    assert client.post(url, data=data | {"version": version}).status_code == 302
    with app.app_context():
        assert db.session.get(Consortium, world.consortium_id).approval_required is False
