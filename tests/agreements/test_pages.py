"""The agreement page runs a fixed number of statements, however many articles it has."""

from __future__ import annotations

from negotiator.agreements.models import AgreementArticle
from negotiator.db import db
from negotiator.negotiation.models import Negotiation
from tests.agreements.factories import agreement, make_draft
from tests.factories import login, make_item
from tests.helpers import assert_constant_queries


def test_agreement_page_queries_do_not_grow(app, world):
    agreement_id = make_draft(app, world)
    client = app.test_client()
    login(client, "facilitator")

    def grow() -> None:
        with app.app_context():
            a = agreement(agreement_id)
            negotiation = db.session.get(Negotiation, world.negotiation_id)
            for n in range(6):
                item = make_item(negotiation, f"追加の条{n}")
                a.articles.append(
                    AgreementArticle(
                        position=len(a.articles) + 1,
                        caption=item.title,
                        body="本文",
                        item_id=item.id,
                        revision_id=item.revisions[-1].id,
                    )
                )
            db.session.commit()

    assert_constant_queries(app, lambda: client.get(f"/agreements/{agreement_id}"), grow)
