"""決裁: liaisons are asked once the agreement can be signed (where the council requires it);
each record tells the facilitators and the member's signatories, once per record."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.agreements import approvals
from negotiator.agreements.models import Approval
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.notifications import events
from negotiator.notifications.messages import headline
from negotiator.notifications.models import Notification
from tests.agreements.approval_helpers import approve_web, form, require_approval, sent
from tests.agreements.factories import agreement
from tests.notifications.helpers import notified


def _count(app, key: str) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.event_key == key)
        )


def test_sending_asks_every_members_liaisons_once(app, world):
    require_approval(app, world)
    agreement_id, digest = sent(app, world)
    key = f"approval.request:{agreement_id}:{digest}"
    assert notified(app, key) == {"liaison", "other_liaison"}
    with app.app_context():
        approvals.request(agreement(agreement_id))  # a retry of the same event
        db.session.commit()
    assert _count(app, key) == 2


def test_no_request_where_the_council_does_not_require_it(app, world):
    agreement_id, _digest = sent(app, world)
    with app.app_context():
        kinds = db.session.scalars(sa.select(Notification.kind).distinct()).all()
    assert "approval" not in kinds and agreement_id


def test_a_record_tells_the_facilitators_and_the_members_signatories_once(app, world):
    require_approval(app, world)
    agreement_id, digest = sent(app, world)
    member_id = world.member_ids[0]
    assert approve_web(app, "liaison", agreement_id, member_id, form(digest)).status_code == 302
    with app.app_context():
        key = f"approval.record:{db.session.scalar(sa.select(Approval.id))}:1"
    # The member's signatory only: the other members' signatories are not concerned.
    assert notified(app, key) == {"facilitator", "signatory"}
    with app.app_context():
        row = db.session.scalar(sa.select(Approval))
        note = db.session.scalar(sa.select(Notification).where(Notification.event_key == key))
        with app.test_request_context():
            text = headline(note.kind, note.params)
        assert "須崎市が協定書" in text and "決裁を記録しました。署名できます。" in text
        events.approval_recorded(
            agreement(agreement_id), db.session.get(Member, member_id), row, None
        )
        db.session.commit()
    assert _count(app, key) == 2
    # A correction is news again: its own key.
    data = form(digest, version=1, status="not_required")
    assert approve_web(app, "liaison", agreement_id, member_id, data).status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(Approval))
    assert notified(app, f"approval.record:{row.id}:2") == {"facilitator", "signatory"}
