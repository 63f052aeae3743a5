"""Example figures (例示) and the signed text: the 別表 prints no 例示 caveat, the page says it,
and sending example figures for signature is refused unless the sender chooses to."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from negotiator import demo
from negotiator.agreements import examples, services
from negotiator.agreements.annex import cost_annex, illustrative_figures
from negotiator.agreements.models import Agreement
from negotiator.agreements.signing_date import japan_today
from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.db import db
from tests.agreements.test_annex import DATA
from tests.factories import login

USERS = {
    "label": "利用者",
    "source": "例示(架空の値)",
    "reference_date": "2026-04-01",
    "illustrative": True,
}
EXAMPLE = DATA | {"inputs": {"indicators": [*DATA["inputs"]["indicators"], USERS]}}
DEMO_FIGURES = "別表第1(初期費用の額、年間運用費の額、システム利用者数)"


def test_the_annex_states_an_example_figure_by_its_date_without_a_caveat():
    notes = cost_annex(EXAMPLE).notes
    assert notes[-2:] == (
        "人口は、令和2年国勢調査による（令和2年10月1日現在）。",
        "利用者は、令和8年4月1日現在の数値による。",
    )
    assert not any("例示" in n or "架空" in n for n in notes)
    undated = DATA | {"inputs": {"indicators": [USERS | {"reference_date": ""}]}}
    assert not any("利用者" in n for n in cost_annex(undated).notes[1:])


def test_which_figures_of_a_table_are_examples():
    assert illustrative_figures(EXAMPLE) == ["利用者"]
    assert illustrative_figures(EXAMPLE, amounts={8}, quotes={7}) == ["年間運用費の額", "利用者"]
    shapley = DATA | {"method": "shapley", "formula": "シャープレイ値"}
    assert illustrative_figures(shapley, quotes={7}) == ["初期費用の見積"]  # quotes shape it
    assert illustrative_figures(DATA, amounts=(), quotes={7}) == []  # a mix uses no quote


def _demo_draft(app) -> tuple[int, int]:  # noqa: ANN001
    """The full demo; its amendment withdrawn and drafted again: (new draft, version)."""
    with app.app_context():
        demo.load()
        amendment = db.session.scalar(sa.select(Agreement).where(Agreement.amends_id.is_not(None)))
        facilitator = db.session.scalar(sa.select(User).where(User.username == "jimukyoku"))
        with acting_as(facilitator):
            assert examples.illustrative_in(amendment) == [DEMO_FIGURES]
            texts = [a.content_json for a in db.session.scalars(sa.select(Agreement))]
            assert all("別表" in t and "例示" not in t for t in texts)  # signed: no caveat
            services.supersede(amendment, "例示の数値の扱いを確認するため")
            draft = services.create_draft(amendment.negotiation)
            draft.signing_date = japan_today() + dt.timedelta(days=7)
        db.session.commit()
        return draft.id, draft.version


def test_example_figures_are_shown_and_sent_only_when_chosen(app):
    draft_id, version = _demo_draft(app)
    client = app.test_client()
    login(client, "jimukyoku", demo.DEMO_PASSWORD)
    page = client.get(f"/agreements/{draft_id}").get_data(as_text=True)
    assert "別表に例示(架空の値)の数値が含まれます" in page and DEMO_FIGURES in page
    assert "署名に回す前に、実際の数値を入力して" in page
    assert "例示の数値のまま署名に回す(デモ・研修用)" in page  # the choice, on the send form
    refused = client.post(
        f"/agreements/{draft_id}/send", data={"version": version}, follow_redirects=True
    ).get_data(as_text=True)
    assert "別表に例示(架空の値)の数値があるため、署名に回せません: " + DEMO_FIGURES in refused
    with app.app_context():
        assert db.session.get(Agreement, draft_id).status == "draft"
    sent = client.post(
        f"/agreements/{draft_id}/send", data={"version": version, "allow_illustrative": "y"}
    )
    assert sent.status_code == 302
    with app.app_context():
        agreement = db.session.get(Agreement, draft_id)
        assert agreement.status == "out_for_signature" and "例示" not in agreement.content_json
    page = client.get(f"/agreements/{draft_id}").get_data(as_text=True)
    assert "デモ・研修用として、例示の数値のまま署名に回されました。" in page
