"""`flask demo`: the Kochi council, idempotent, with one user per role."""

from __future__ import annotations

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
        ]
        population = {
            i.member.name: int(i.value)
            for i in db.session.scalars(sa.select(Indicator).where(Indicator.key == "population"))
        }
        assert population == {"須崎市": 20590, "中土佐町": 6002, "四万十町": 15607}
        users = db.session.scalars(sa.select(Indicator.value).where(Indicator.key == "users")).all()
        assert 950 <= sum(users) <= 1050
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
