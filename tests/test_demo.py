"""`flask demo`: the Kochi council, idempotent, with one user per role."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Indicator, Member
from negotiator.db import db
from negotiator.demo import DEMO_PASSWORD


def test_demo_loads_once(app):
    runner = app.test_cli_runner()
    assert "loaded" in runner.invoke(args=["demo"]).output
    assert "already present" in runner.invoke(args=["demo"]).output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Consortium)) == 1
        members = db.session.scalars(sa.select(Member).order_by(Member.sort_order)).all()
        assert [(m.name, m.party_label) for m in members] == [
            ("須崎市", "甲"),
            ("中土佐町", "乙"),
            ("四万十町", "丙"),
            ("津野町", "丁"),  # joining: see test_the_demo_amendment_for_the_join_awaits_signatures
        ]
        population = {
            i.member.name: int(i.value)
            for i in db.session.scalars(sa.select(Indicator).where(Indicator.key == "population"))
        }
        assert population == {"須崎市": 20590, "中土佐町": 6002, "四万十町": 15607, "津野町": 5291}
        users = {
            i.member.name: i.value
            for i in db.session.scalars(sa.select(Indicator).where(Indicator.key == "users"))
        }
        assert 950 <= sum(v for k, v in users.items() if k != "津野町") <= 1050  # the case study
        illustrative = db.session.scalars(
            sa.select(Indicator.key).where(Indicator.illustrative).distinct()
        ).all()
        assert set(illustrative) == {"users", "branches", "it_staff"}
        names = set(db.session.scalars(sa.select(User.username)))
        assert {"admin", "jimukyoku", "observer", "susaki-liaison", "shimanto-mayor"} <= names
        user = db.session.scalar(sa.select(User).where(User.username == "jimukyoku"))
        assert user.check_password(DEMO_PASSWORD)
        # Every demo user has an address, on a reserved domain that no mail can reach.
        addresses = db.session.scalars(sa.select(User.email)).all()
        assert addresses and all(a and a.endswith("@kochi-chubu.example") for a in addresses)
        assert "jimukyoku@kochi-chubu.example" in addresses
        assert audit.verify_chain().ok
        _council_meetings()


def _council_meetings() -> None:
    """The council's meetings, numbered in order: 第1回・第2回 took up the executed
    negotiation (agreed at 第2回, as its minutes say), 第3回・第4回 the IT-BCP one."""
    from negotiator.meetings.facts import discussion_record
    from negotiator.meetings.models import Meeting
    from negotiator.negotiation.models import AgendaItem, StateChange

    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.number)).all()
    assert [(m.number, m.status) for m in meetings] == [
        (1, "confirmed"),
        (2, "confirmed"),
        (3, "confirmed"),
        (4, "scheduled"),
    ]
    assert meetings[0].title == "第1回 高知県中西部電算協議会"
    assert [m.starts_at.date().isoformat() for m in meetings[:2]] == ["2025-11-12", "2026-01-20"]
    finished = {e.item.negotiation.title for m in meetings[:2] for e in m.agenda}
    assert finished == {"グループウェア共同利用"}
    cost = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.category == "cost_split"))
    agreed = db.session.scalars(
        sa.select(StateChange).where(
            StateChange.item_id == cost.id, StateChange.to_state == "agreed"
        )
    ).first()
    assert agreed.meeting_id == meetings[1].id
    assert [r.title for r in discussion_record(cost.id)] == [meetings[1].title]
    assert "第2回" not in (cost.discussed_note or "")  # the meeting says it, not a note
    assert [e.title for e in meetings[3].agenda if e.item_id is None] == [
        "報告事項 グループウェアの運用状況(令和8年度上半期)"
    ]


def test_every_demo_text_passes_the_check_every_form_applies(app):
    """The demo is what a new user meets first: none of its texts would be refused on save."""
    from negotiator.forms import text_problem

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    checked, refused = 0, []
    with app.app_context(), app.test_request_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text)]
            for row in db.session.execute(sa.select(*columns)) if columns else ():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str) and value:
                        checked += 1
                        if problem := text_problem(value):
                            refused.append(f"{table.name}.{column.name}: {problem}")
    assert checked > 100
    assert not refused, refused


def test_the_demo_amendment_for_the_join_awaits_signatures(app):
    """津野町 joins: the executed agreement stays, its 変更協定 is out for signature with the
    recomputed shares agreed by all four members and 決裁 recorded by two of them."""
    from negotiator.agreements import document
    from negotiator.agreements.models import Agreement, Approval
    from negotiator.negotiation.models import AgendaItem
    from negotiator.negotiation.queries import latest_positions

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        versions = db.session.scalars(sa.select(Agreement).order_by(Agreement.id)).all()
        original, amendment = versions
        assert (original.status, len(original.signatures)) == ("executed", 3)
        assert (amendment.amends_id, amendment.status) == (original.id, "out_for_signature")
        assert amendment.content_hash and not amendment.signatures
        town = db.session.scalar(sa.select(Member).where(Member.name == "津野町"))
        assert amendment.effective_date == town.joined_on
        assert amendment.signing_date >= original.signing_date
        doc = document.assembled(amendment)
        assert [b.label for b in doc.signature_blocks] == ["甲", "乙", "丙", "丁"]
        assert "津野町（以下「丁」という。）" in doc.preamble
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.category == "cost_split"))
        assert item.state == "agreed" and "津野町" in item.revisions[-1].text
        positions = latest_positions([item.id])[item.id]
        assert len(positions) == 4
        assert all(p.stance == "agree" for p in positions.values())
        assert {p.revision_id for p in positions.values()} == {item.revisions[-1].id}
        approvals = db.session.scalars(
            sa.select(Approval).where(Approval.agreement_id == amendment.id)
        ).all()
        assert sorted(a.member.name for a in approvals) == ["津野町", "須崎市"]
        assert all(a.content_hash == amendment.content_hash for a in approvals)
        indicators = {i.key: i for i in town.indicators}
        assert not indicators["population"].illustrative and not indicators["area"].illustrative
        assert indicators["area"].value == Decimal("197.85")
        assert indicators["users"].illustrative
