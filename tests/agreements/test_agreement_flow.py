"""Drafting, freezing, signing, executing and superseding an agreement through the web."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from negotiator.agreements import services
from negotiator.agreements.models import Agreement, Signature
from negotiator.audit import services as audit
from negotiator.consortia.models import Member
from negotiator.db import db
from tests.agreements.execution_helpers import add_signatories
from tests.agreements.factories import agreement, make_draft
from tests.factories import login


def _sign(app, username: str, agreement_id: int, member_id: int, password: str | None = None):  # noqa: ANN202
    from tests.factories import PASSWORD

    client = app.test_client()
    login(client, username)
    with app.app_context():
        digest = agreement(agreement_id).content_hash
    return client.post(
        f"/agreements/{agreement_id}/sign/{member_id}",
        data={"password": password or PASSWORD, "content_hash": digest or "x" * 64},
    )


def test_draft_from_agreed_items(app, client, world):
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        # The agreed 目的 item opens the agreement; no second purpose article is generated.
        assert [x.caption for x in a.articles] == ["目的", "アクセス権制御ポリシー"]
        assert a.status == "draft" and a.content_hash is None
    login(client, "facilitator")
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    assert (
        "須崎市（以下「甲」という。）、中土佐町（以下「乙」という。）及び四万十町（以下「丙」という。）"
        in page
    )
    assert "第1条" in page and "第3条" in page  # two items plus the consultation article
    rebuilt = client.post(f"/negotiations/{world.negotiation_id}/agreement/draft")
    assert rebuilt.headers["Location"].endswith(f"/agreements/{agreement_id}")  # same draft
    with app.app_context():
        a = agreement(agreement_id)
        services.send_for_signature(a, a.version)
        db.session.commit()
    again = client.post(
        f"/negotiations/{world.negotiation_id}/agreement/draft", follow_redirects=True
    )
    assert "有効な協定書(第1版)があります" in again.get_data(as_text=True)


def test_facilitator_edits_order_captions_and_articles(app, client, world):
    agreement_id = make_draft(app, world)
    login(client, "facilitator")
    with app.app_context():
        a = agreement(agreement_id)
        ids, version = [x.id for x in a.articles], a.version
    client.post(
        f"/agreements/{agreement_id}/articles",
        data={
            "version": version,
            f"pos-{ids[0]}": "2",
            f"pos-{ids[1]}": "1",
            f"caption-{ids[0]}": "アクセス権",
            f"caption-{ids[1]}": "目的",
        },
    )
    with app.app_context():
        a = agreement(agreement_id)
        assert [x.caption for x in a.articles] == ["目的", "アクセス権"]
        version = a.version
    client.post(
        f"/agreements/{agreement_id}/articles/new",
        data={
            "version": version,
            "caption": "脱退",
            "body": "脱退する場合は6か月前までに申し出る。",
        },
    )
    with app.app_context():
        a = agreement(agreement_id)
        assert a.articles[-1].caption == "脱退"
        stale = a.version - 1
    refused = client.post(
        f"/agreements/{agreement_id}/articles/new",
        data={"version": stale, "caption": "加入", "body": "本文"},
        follow_redirects=True,
    )
    assert "他の人が先にこの協定書を変更しました" in refused.get_data(as_text=True)


def test_unprintable_characters_are_refused_with_their_names(app, client, world):
    agreement_id = make_draft(app, world)
    login(client, "facilitator")
    with app.app_context():
        version = agreement(agreement_id).version
    page = client.post(
        f"/agreements/{agreement_id}/articles/new",
        data={"version": version, "caption": "特例", "body": "私用\ue000文字と絵文字😀"},
        follow_redirects=True,
    )
    text = page.get_data(as_text=True)
    assert "U+E000 PRIVATE USE" in text and "「😀」(U+1F600 GRINNING FACE)" in text
    with app.app_context():
        assert all(a.caption != "特例" for a in agreement(agreement_id).articles)


def test_send_freezes_the_content(app, client, world):
    agreement_id = make_draft(app, world)
    login(client, "facilitator")
    with app.app_context():
        version = agreement(agreement_id).version
    client.post(f"/agreements/{agreement_id}/send", data={"version": version})
    with app.app_context():
        a = agreement(agreement_id)
        assert a.status == "out_for_signature"
        assert hashlib.sha256(a.content_json.encode()).hexdigest() == a.content_hash
        version = a.version
    edit = client.post(
        f"/agreements/{agreement_id}/articles/new",
        data={"version": version, "caption": "追加", "body": "本文"},
        follow_redirects=True,
    )
    assert "署名に回した協定書は変更できません" in edit.get_data(as_text=True)


def test_signing_rules(app, world):
    add_signatories(app, world)
    draft_id = make_draft(app, world)
    m0, m1 = world.member_ids[0], world.member_ids[1]
    refused = _sign(app, "signatory", draft_id, m0).get_data(as_text=True)
    assert "署名を受け付けていません" in refused  # a draft cannot be signed
    with app.app_context():
        from negotiator.agreements import services

        a = agreement(draft_id)
        services.send_for_signature(a, a.version)
        db.session.commit()
    assert _sign(app, "signatory", draft_id, m1).status_code == 403  # not their member
    assert _sign(app, "facilitator", draft_id, m0).status_code == 403  # facilitators do not sign
    wrong = _sign(app, "signatory", draft_id, m0, password="not-my-password")
    assert "パスワードが正しくありません" in wrong.get_data(as_text=True)
    assert _sign(app, "signatory", draft_id, m0).status_code == 302
    again = _sign(app, "signatory", draft_id, m0).get_data(as_text=True)
    assert "既に署名しています" in again
    with app.app_context():
        rows = db.session.scalars(sa.select(Signature)).all()
        assert [(s.member_id, s.kind, s.signer.username) for s in rows] == [
            (m0, "electronic", "signatory")
        ]


@pytest.fixture
def executed(app, world) -> int:  # noqa: ANN001
    add_signatories(app, world)
    agreement_id = make_draft(app, world, send=True)
    _sign(app, "signatory", agreement_id, world.member_ids[0])
    _sign(app, "signatory1", agreement_id, world.member_ids[1])
    _sign(app, "signatory2", agreement_id, world.member_ids[2])
    return agreement_id


def test_all_parties_sign_and_the_sealed_pdf_is_kept(app, world, executed):
    with app.app_context():
        a = agreement(executed)
        assert a.status == "executed" and a.executed_at is not None
        assert [s.kind for s in a.signatures] == ["electronic"] * 3
        stored = a.executed_pdf
        assert audit.verify_chain().ok
    client = app.test_client()
    login(client, "observer")
    first = client.get(f"/agreements/{executed}/pdf").data
    second = client.get(f"/agreements/{executed}/pdf").data
    assert first == second == stored and first.startswith(b"%PDF")


def test_verify_page_accepts_the_executed_pdf_and_rejects_a_changed_copy(app, world, executed):
    client = app.test_client()
    login(client, "liaison")
    data = client.get(f"/agreements/{executed}/pdf").data
    from io import BytesIO

    ok = client.post(
        "/verify", data={"file": (BytesIO(data), "a.pdf")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "改変されていない、締結済みの協定書です" in ok and "須崎市" in ok
    changed = bytearray(data)
    changed[len(changed) // 3] ^= 0x01
    bad = client.post(
        "/verify",
        data={"file": (BytesIO(bytes(changed)), "a.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "改変されていない、締結済み" not in bad
    assert "改変されています" in bad or "確認できません" in bad


def test_reopening_an_item_of_an_executed_agreement_is_refused(app, world, executed):
    client = app.test_client()
    login(client, "facilitator")
    item_page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert "変更協定を締結する必要があります" in item_page
    assert f"/items/{world.item_id}/move/reopen" not in item_page  # no button to press
    with app.app_context():
        from negotiator.negotiation.models import AgendaItem

        version = db.session.get(AgendaItem, world.item_id).version
    refused = client.post(
        f"/items/{world.item_id}/move/reopen",
        data={"version": version, "reason": "費用の前提が変わった", "confirm": "y"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "変更協定を締結する必要があります" in refused
    with app.app_context():
        a = agreement(executed)
        assert a.status == "executed" and len(a.signatures) == 3
        assert db.session.get(AgendaItem, world.item_id).state == "agreed"


def test_signing_a_superseded_agreement_is_refused(app, world):
    add_signatories(app, world)
    agreement_id = make_draft(app, world, send=True)
    client = app.test_client()
    login(client, "facilitator")
    client.post(f"/agreements/{agreement_id}/supersede", data={"reason": "誤記の訂正"})
    refused = _sign(app, "signatory", agreement_id, world.member_ids[0])
    assert "署名を受け付けていません" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0
        assert db.session.get(Agreement, agreement_id).status == "superseded"


def test_signing_service_refuses_a_member_of_another_consortium(app, world):
    from negotiator.agreements import signing
    from negotiator.auth.models import User

    agreement_id = make_draft(app, world, send=True)
    with app.app_context():
        a = agreement(agreement_id)
        user = db.session.scalar(sa.select(User).where(User.username == "outsider_liaison"))
        outsider = db.session.get(Member, world.other_member_id)
        with pytest.raises(signing.AgreementError, match="当事者ではありません"):
            signing.sign(a, outsider, user, "irrelevant", a.content_hash)


@pytest.mark.parametrize("version", [None, "", "abc", 999])
def test_draft_edits_need_the_current_version(app, world, version):
    from negotiator.agreements import services

    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        with pytest.raises(services.AgreementError, match="他の人が先に"):
            services.add_standard_article(a, "脱退", "本文", version)
