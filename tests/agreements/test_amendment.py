"""変更協定: started only from an executed agreement, releases only its items, rebuilt from the
items agreed again, refused until they are settled; the original stays as signed."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from negotiator.agreements import amending, drafting, services
from negotiator.agreements.models import Agreement
from negotiator.agreements.services import AgreementError
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.negotiation.services import NegotiationError
from tests.agreements.amendment_helpers import executed, move, renegotiate, start
from tests.agreements.factories import agreement, make_draft

NEW_TEXT = "アクセス権は、職員の所属及び職に応じて付与する。"


def _item(world, title: str) -> AgendaItem:  # noqa: ANN001
    return db.session.scalar(
        sa.select(AgendaItem).where(
            AgendaItem.negotiation_id == world.negotiation_id, AgendaItem.title == title
        )
    )


def test_an_amendment_starts_only_from_an_executed_agreement(app, world):
    draft_id = make_draft(app, world)
    with app.app_context(), pytest.raises(services.AgreementError, match="締結済み"):
        amending.start(agreement(draft_id), [world.item_id], "理由")


def test_the_amendment_holds_the_full_text_and_is_the_next_version(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    with app.app_context():
        original, amendment = agreement(original_id), agreement(amendment_id)
        assert amendment.number == original.number + 1 and amendment.amends_id == original.id
        assert amendment.status == "draft" and amendment.amendment_style == "kaimebun"
        assert [(a.caption, a.body) for a in amendment.articles] == [
            (a.caption, a.body) for a in original.articles
        ]
        assert [r.item_id for r in amendment.released] == [world.item_id]


@pytest.mark.parametrize(
    "reason, items, message", [("", None, "理由"), ("理由", [999999], "含まれない")]
)
def test_start_refuses_bad_input(app, world, reason, items, message):
    original_id = executed(app, world)
    with app.app_context(), pytest.raises(services.AgreementError, match=message):
        amending.start(agreement(original_id), items or [world.item_id], reason)


def test_only_one_amendment_in_progress_per_original(app, world):
    original_id = executed(app, world)
    start(app, world, original_id)
    with app.app_context(), pytest.raises(services.AgreementError, match="作成中の変更協定"):
        amending.start(agreement(original_id), [], "もう一つ")


def test_the_database_refuses_a_second_amendment_in_progress(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    with app.app_context():
        first = agreement(amendment_id)
        db.session.add(
            Agreement(
                negotiation_id=first.negotiation_id,
                number=first.number + 1,
                title=first.title,
                subject=first.subject,
                amends_id=original_id,
                amendment_style="table",
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_released_item_reopens_while_the_others_stay_frozen(app, world):
    original_id = executed(app, world)
    with app.app_context(), pytest.raises(NegotiationError, match="変更協定"):
        move(world.item_id, "reopen", "見直し")  # not released yet
    start(app, world, original_id)
    with app.app_context():
        move(world.item_id, "reopen", "見直し")
        assert db.session.get(AgendaItem, world.item_id).state == "discussed"
        with pytest.raises(NegotiationError, match="変更協定"):
            move(_item(world, "目的").id, "reopen", "見直し")
        db.session.commit()
    with app.app_context():
        original = agreement(original_id)
        assert original.status == "executed" and len(original.signatures) == 3


def test_rebuild_replaces_the_released_article_and_keeps_the_rest(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    with app.app_context():
        a = agreement(amendment_id)
        article = next(x for x in a.articles if x.caption == "脱退")
        drafting.edit_article(a, article, "脱退", "構成団体は、1年前までに申し出る。", a.version)
        db.session.commit()
    renegotiate(app, world, NEW_TEXT)
    with app.app_context():
        rebuilt = drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))
        db.session.commit()
        assert rebuilt.id == amendment_id
        texts = {a.caption: a.body for a in rebuilt.articles}
        original = {a.caption: a.body for a in agreement(original_id).articles}
        assert texts["アクセス権制御ポリシー"] == NEW_TEXT
        assert texts["脱退"] == "構成団体は、1年前までに申し出る。"
        assert texts["目的"] == original["目的"]
        assert list(texts) == list(original)  # the standing order


def test_a_withdrawn_released_item_leaves_the_text(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    with app.app_context():
        move(world.item_id, "reopen", "見直し")
        move(world.item_id, "withdraw")
        drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))
        db.session.commit()
        assert all(a.item_id != world.item_id for a in agreement(amendment_id).articles)


def test_send_is_refused_until_released_items_are_settled_and_something_changed(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    with app.app_context():
        a = agreement(amendment_id)
        a.signing_date = agreement(original_id).signing_date
        a.effective_date = a.signing_date
        db.session.commit()
    with app.app_context():
        a = agreement(amendment_id)
        with pytest.raises(services.AgreementError, match="変更する内容がありません"):
            services.send_for_signature(a, a.version)
        db.session.rollback()
    with app.app_context():
        move(world.item_id, "reopen", "見直し")
        db.session.commit()
        a = agreement(amendment_id)
        with pytest.raises(services.AgreementError, match="まだ合意または取下げ"):
            services.send_for_signature(a, a.version)
        db.session.rollback()


def test_an_executed_negotiation_is_never_redrafted_as_an_ordinary_version(app, world):
    executed(app, world)
    with app.app_context(), pytest.raises(services.AgreementError, match="変更協定を始めて"):
        drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))


def test_reopening_a_released_item_voids_the_amendment_out_for_signature_only(app, world):
    original_id = executed(app, world)
    amendment_id = start(app, world, original_id)
    renegotiate(app, world, NEW_TEXT)
    with app.app_context():
        a = drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))
        a.effective_date = a.signing_date = agreement(original_id).signing_date
        services.send_for_signature(a, a.version)
        db.session.commit()
    with app.app_context():
        move(world.item_id, "reopen", "再度見直し")
        db.session.commit()
        assert agreement(amendment_id).status == "superseded"
        assert agreement(original_id).status == "executed"
    with app.app_context():  # the amendment goes on as a new version, releasing the same items
        again = drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))
        db.session.commit()
        assert again.amends_id == original_id and again.number == agreement(amendment_id).number + 1
        assert [r.item_id for r in again.released] == [world.item_id]


def test_an_amendment_dated_before_the_agreement_it_changes_is_not_sent(app, world):
    original_id = executed(app, world)
    start(app, world, original_id)
    renegotiate(app, world, "アクセス権は、職員の所属及び職に応じて付与する。")
    with app.app_context():
        a = drafting.create_draft(db.session.get(Negotiation, world.negotiation_id))
        a.effective_date = agreement(original_id).signing_date
        a.signing_date = agreement(original_id).signing_date - dt.timedelta(days=1)
        db.session.flush()
        with pytest.raises(AgreementError) as refused:
            services.send_for_signature(a, a.version)
        assert refused.value.field == "signing_date" and "以後の日付" in str(refused.value)
