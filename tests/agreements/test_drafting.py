"""Drafting: a 目的 article first, the cost article naming 別表第1, edits of the wording shown
to every party, articles carried over to a new version, and no agreement voided by one click."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from negotiator.agreements import drafting, services
from negotiator.agreements.models import AgreementArticle
from negotiator.audit.models import AuditEntry
from negotiator.costs.models import FrozenCostTable
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.agreements.execution_helpers import add_signatories as _signatories
from tests.agreements.factories import agreement, make_draft
from tests.agreements.test_agreement_flow import _sign, executed  # noqa: F401
from tests.agreements.test_annex import DATA
from tests.factories import login, make_item


def _version(app, agreement_id: int) -> int:  # noqa: ANN001
    with app.app_context():
        return agreement(agreement_id).version


def _item_version(app, item_id: int) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.get(AgendaItem, item_id).version


def test_first_draft_opens_with_a_generated_purpose_and_words_the_cost_split(app, world):
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        cost = make_item(negotiation, "費用負担の方法", text="表のとおり", category="cost_split")
        members = [
            {"id": m, "name": n, "label": lb}
            for m, n, lb in zip(
                world.member_ids, ("須崎市", "中土佐町", "四万十町"), "甲乙丙", strict=True
            )
        ]
        rows = [
            {**row, "member_id": m} for row, m in zip(DATA["rows"], world.member_ids, strict=True)
        ]
        db.session.add(
            FrozenCostTable(
                item_id=cost.id,
                revision_id=cost.revisions[-1].id,
                revision_number=1,
                name="候補",
                data={**DATA, "members": members, "rows": rows},
            )
        )
        db.session.get(AgendaItem, world.item_id).state = "agreed"
        cost.state = "agreed"
        a = drafting.create_draft(negotiation)
        captions = [x.caption for x in a.articles]
        assert captions == ["目的", "アクセス権制御ポリシー", "経費の負担"]
        assert a.articles[0].item_id is None
        assert a.articles[0].body == (
            "本協定は、グループウェア共同利用に関し、甲、乙及び丙（以下「構成団体」という。）の間で"
            "必要な事項を定めることを目的とする。"
        )
        assert a.articles[2].body == (
            "甲、乙及び丙は、グループウェア共同利用に要する経費を、別表第1に定めるところにより"
            "負担する。"
        )
        assert a.annexes[0].rows[-1] == ["計", "1,000,000", "300,000", "1,300,000", "1"]
        services.update_settings(
            a,
            {
                "title": a.title,
                "subject": "グループウェアシステムの共同利用",
                "effective_date": None,
                "term": "",
                "signing_date": None,
                "include_consultation": True,
                "execution_method": "witness",
            },
            a.version,
        )
        assert "グループウェアシステムの共同利用に要する経費" in a.articles[2].body
        assert "グループウェアシステムの共同利用に関し" in a.articles[0].body


def test_edited_wording_is_shown_against_the_agreed_text_and_audited(app, client, world):
    agreement_id = make_draft(app, world)
    with app.app_context():
        article_id = agreement(agreement_id).articles[1].id
    login(client, "facilitator")
    client.post(
        f"/agreements/{agreement_id}/articles/{article_id}/edit",
        data={
            "version": _version(app, agreement_id),
            "caption": "アクセス権の管理",
            "body": "構成団体は、職員の利用者登録を相互に確認する。",
        },
    )
    with app.app_context():
        article = db.session.get(AgreementArticle, article_id)
        assert (article.caption, article.original_caption) == (
            "アクセス権の管理",
            "アクセス権制御ポリシー",
        )
        assert article.edited
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "agreement.article_edit")
        ).one()
        assert entry.before["caption"] == "アクセス権制御ポリシー"
    login(client, "observer")  # every party's people see the change, not only the facilitator
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert "合意した文言からの変更" in page and "協議事項1の合意文から変更" in page
    assert "職員の利用者登録を相互に確認する" in page
    login(client, "facilitator")
    stale = client.post(
        f"/agreements/{agreement_id}/articles/{article_id}/edit",
        data={"version": 1, "caption": "x", "body": "y"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "他の人が先にこの協定書を変更しました" in stale
    emoji = client.post(
        f"/agreements/{agreement_id}/articles/{article_id}/edit",
        data={"version": _version(app, agreement_id), "caption": "見出し", "body": "絵文字😀"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "U+1F600" in emoji


def test_added_articles_and_unchanged_edits_survive_a_new_version(app, client, world):
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        services.add_standard_article(a, "脱退", "構成団体は、6か月前までに申し出る。", a.version)
        drafting.edit_article(
            a, a.articles[0], "目的", "本協定は、共同利用について定める。", a.version
        )
        services.send_for_signature(a, a.version)
        services.supersede(a, "誤記の訂正")
        db.session.commit()
    login(client, "facilitator")
    client.post(f"/negotiations/{world.negotiation_id}/agreement/draft")
    with app.app_context():
        latest = services.current(db.session.get(Negotiation, world.negotiation_id))
        assert latest.number == 2
        assert [x.caption for x in latest.articles] == ["目的", "アクセス権制御ポリシー", "脱退"]
        assert latest.articles[0].body == "本協定は、共同利用について定める。"
        assert latest.articles[0].original_body == "3市町がグループウェアを共同利用する。"
        assert latest.articles[2].item_id is None and latest.articles[2].original_body


def test_reopening_an_item_out_for_signature_asks_for_confirmation(app, client, world):
    _signatories(app, world)
    agreement_id = make_draft(app, world, send=True)
    _sign(app, "signatory", agreement_id, world.member_ids[0])
    login(client, "facilitator")
    assert "破棄される署名を確認する画面が出ます" in client.get(f"/items/{world.item_id}").get_data(
        as_text=True
    )
    data = {"version": _item_version(app, world.item_id), "reason": "条件の見直し"}
    page = client.post(f"/items/{world.item_id}/move/reopen", data=data)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "再協議の確認" in text
    assert "署名中の「グループウェア共同利用に関する協定書」(第1版)" in text
    assert "破棄される署名" in text and "<li>須崎市</li>" in text
    assert 'name="confirm" value="y"' in text and 'value="条件の見直し"' in text
    with app.app_context():
        assert agreement(agreement_id).status == "out_for_signature"
        assert db.session.get(AgendaItem, world.item_id).state == "agreed"
    client.post(f"/items/{world.item_id}/move/reopen", data={**data, "confirm": "y"})
    with app.app_context():
        assert agreement(agreement_id).status == "superseded"
        assert db.session.get(AgendaItem, world.item_id).state == "discussed"


def test_reopening_an_item_of_a_draft_keeps_the_draft_and_its_added_articles(app, client, world):
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        services.add_standard_article(a, "脱退", "構成団体は、申し出る。", a.version)
        db.session.commit()
    login(client, "facilitator")
    client.post(
        f"/items/{world.item_id}/move/reopen",
        data={"version": _item_version(app, world.item_id), "reason": "文言の再検討"},
    )
    with app.app_context():
        a = agreement(agreement_id)
        assert [x.caption for x in a.articles] == ["目的", "脱退"]
        db.session.get(AgendaItem, world.item_id).state = "agreed"
        db.session.commit()
    client.post(f"/negotiations/{world.negotiation_id}/agreement/draft")  # rebuild
    with app.app_context():
        a = agreement(agreement_id)
        assert [x.caption for x in a.articles] == ["目的", "脱退", "アクセス権制御ポリシー"]


@pytest.mark.usefixtures("executed")
def test_conditions_of_an_item_in_an_executed_agreement_cannot_be_cleared(app, world):
    from negotiator.negotiation.models import PositionCondition

    client = app.test_client()
    login(client, "liaison")
    page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert f"/conditions/{world.condition_id}/clear" not in page
    refused = client.post(
        f"/conditions/{world.condition_id}/clear", follow_redirects=True
    ).get_data(as_text=True)
    assert "変更協定を締結する必要があります" in refused
    with app.app_context():
        assert db.session.get(PositionCondition, world.condition_id).cleared_at is None


def test_conditions_can_be_cleared_while_not_frozen(app, world):
    from negotiator.negotiation.models import PositionCondition

    make_draft(app, world, send=True)  # out for signature: not yet concluded
    client = app.test_client()
    login(client, "liaison")
    client.post(f"/conditions/{world.condition_id}/clear")
    with app.app_context():
        assert db.session.get(PositionCondition, world.condition_id).cleared_at is not None


@pytest.mark.usefixtures("executed")
def test_an_executed_agreement_cannot_be_retired(app, world):
    with app.app_context():
        a = services.current(db.session.get(Negotiation, world.negotiation_id))
        with pytest.raises(services.AgreementError, match="変更協定"):
            services.supersede(a, "誤り")
    client = app.test_client()
    login(client, "facilitator")
    page = client.get(f"/agreements/{a.id}").get_data(as_text=True)
    assert "この版を廃止する" not in page
    client.post(f"/agreements/{a.id}/supersede", data={"reason": "誤り"})
    with app.app_context():
        assert agreement(a.id).status == "executed"
