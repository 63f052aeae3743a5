"""A join under a cost split agreed on the Shapley value: the recomputation needs the joiner's
coalition quotes, says which, and takes them from the cost workspace once entered."""

from __future__ import annotations

from negotiator.agreements import membership
from negotiator.agreements.models import Agreement
from negotiator.costs import services as costs
from negotiator.costs.models import CostCategory
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem
from tests.agreements.amendment_helpers import executed, facilitator
from tests.agreements.membership_helpers import join_fourth_town
from tests.costs.factories import build_costs, candidate


def test_the_joiners_quotes_entered_in_the_workspace_recompute_a_shapley_table(app, world):
    cw = build_costs(app, world)
    with app.app_context():
        item = db.session.get(AgendaItem, cw.item_id)
        chosen = candidate(cw.candidate_ids["シャープレイ値"])
        costs.propose(item, chosen, facilitator(), item.current_revision)
        db.session.commit()
    agreement_id = executed(app, world, extra_article=False)
    town = join_fourth_town(app, world)
    with app.app_context():
        original = db.session.get(Agreement, agreement_id)
        (table,) = membership.change_of(original).tables
        assert table.result is None
        assert table.error == (
            "「初期費用」の見積に津野町を含む提携がありません。"
            "津野町の単独の見積と、津野町を含む提携の見積を入力してください。"
        )
        category = db.session.get(CostCategory, cw.category_id)
        pairs = (9_200_000, 5_600_000, 8_500_000)  # with 甲, 乙, 丙
        quotes = {frozenset({town}): 3_300_000}
        quotes |= {frozenset({town, m}): q for m, q in zip(world.member_ids, pairs, strict=True)}
        costs.save_quotes(db.session.get(AgendaItem, cw.item_id), category, quotes)
        db.session.flush()
        (table,) = membership.change_of(original).tables
        assert table.result is not None, table.error
        new = {r.member_id: r.new_yen for r in table.result.rows}
        assert sum(new.values()) == 12_000_000 and 0 < new[town] < 12_000_000 // 4
        db.session.rollback()
