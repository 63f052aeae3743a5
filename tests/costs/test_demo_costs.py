"""The demo's cost-split item gets illustrative costs, quotes and computable candidates, before
and after 津野町 joins; a join without quotes says which to enter."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator import demo
from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.consortia import lifecycle
from negotiator.consortia.models import Consortium
from negotiator.costs import queries
from negotiator.costs.models import CostQuote
from negotiator.db import db
from negotiator.demo.join import JOINER
from negotiator.negotiation.models import AgendaItem
from tests.factories import login


def _columns():  # noqa: ANN202
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.category == "cost_split"))
    return item, queries.comparison(queries.workspace(item).inputs, queries.candidates(item))


def test_demo_candidates_compute(app):
    with app.app_context():
        demo.load(join=False)  # the workspace as the three towns agreed on it
        db.session.commit()
        _, columns = _columns()
        names = [c.candidate.name for c in columns]
        assert {"均等割", "人口割", "均等割10%+人口割45%+利用者割45%"} <= set(names)
        assert all(c.table is not None for c in columns), [c.error for c in columns]
        cooperative = [c for c in columns if c.candidate.method in ("shapley", "nucleolus")]
        assert cooperative and all(c.candidate.illustrative for c in cooperative)
        assert all(not c.table["violations"] for c in cooperative)  # both lie in the core here
        equal = next(c for c in columns if c.candidate.method == "equal")
        assert equal.table["violations"]  # 中土佐町 pays more than alone: the warning shows


def test_the_full_demo_quotes_the_coalitions_with_the_joining_town(app):
    """`make run`'s demo: 津野町 joined, its coalitions are quoted (例示), every candidate
    computes for the four towns and the cooperative ones stay in the core."""
    with app.app_context():
        demo.load()
        db.session.commit()
        item, columns = _columns()
        assert all(c.table is not None for c in columns), [c.error for c in columns]
        cooperative = [c for c in columns if c.candidate.method in ("shapley", "nucleolus")]
        assert len(cooperative) == 2 and all(not c.table["violations"] for c in cooperative)
        for column in cooperative:  # the smallest town pays least, but it pays
            totals = {r["member_id"]: r["total"] for r in column.table["rows"]}
            assert sum(totals.values()) == 16_800_000 and min(totals.values()) > 0
        quotes = db.session.scalars(sa.select(CostQuote)).all()
        assert len(quotes) == 2 * 14  # every coalition but the whole council, per category
        assert all(q.illustrative for q in quotes)
    client = app.test_client()
    login(client, "jimukyoku", demo.DEMO_PASSWORD)
    page = client.get(f"/items/{item.id}/costs").get_data(as_text=True)
    assert "計算できません" not in page and 'id="missing-quotes"' not in page


def test_a_join_without_quotes_says_which_to_enter(app):
    """A town joins and nobody has quoted its coalitions yet: the cooperative candidates say
    plainly what is missing, and the page links to the quote forms."""
    with app.app_context():
        demo.load(join=False)
        council = db.session.scalar(sa.select(Consortium))
        admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
        with acting_as(admin):
            lifecycle.join_member(council, JOINER | {"joined_on": dt.date(2027, 4, 1)})
        db.session.commit()
        item, columns = _columns()
        errors = [c.error.text for c in columns if c.candidate.method in ("shapley", "nucleolus")]
        expected = (
            "「初期費用」の見積に津野町を含む提携がありません。津野町の単独の見積と、"
            "津野町を含む提携の見積を入力してください。"
            "須崎市、中土佐町、四万十町だけでの見積も必要です。"
        )
        assert errors == [expected, expected]
        assert next(c for c in columns if c.candidate.method == "equal").table  # needs no quote
    client = app.test_client()
    login(client, "jimukyoku", demo.DEMO_PASSWORD)
    page = client.get(f"/items/{item.id}/costs").get_data(as_text=True)
    assert 'id="missing-quotes"' in page
    assert "見積が足りないため、シャープレイ値・仁・SCRBの候補は計算できません" in page
    assert "「年間運用費」の見積に津野町を含む提携がありません。" in page
    assert "「初期費用」の見積を入力" in page and "「年間運用費」の見積を入力" in page
    assert page.count("計算できません: 見積が足りません(上の説明を参照)") == 2  # per column
    assert "費用を補完できません" not in page  # not the completion's bare message
