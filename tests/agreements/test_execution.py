"""Executing an agreement: 立会人型, 当事者型 and 書面 end to end, and the 締結日 rule."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from io import BytesIO

import pytest
import sqlalchemy as sa

from negotiator.agreements import certificates, services
from negotiator.agreements.models import Signature
from negotiator.agreements.signing_date import japan_today
from negotiator.consortia.models import Member
from negotiator.db import db
from tests.agreements.execution_helpers import (
    SIGNATORIES,
    add_signatories,
    own_certificate,
    sign_own,
    sign_web,
    signatures,
)
from tests.agreements.factories import agreement, make_draft
from tests.factories import login
from tests.page_structure import outline, problems


def _sent(app, world, method: str = "witness") -> int:  # noqa: ANN001
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        a.execution_method = method
        db.session.flush()
        services.send_for_signature(a, a.version)
        db.session.commit()
    return agreement_id


def _pdf(app, agreement_id: int) -> bytes:  # noqa: ANN001
    client = app.test_client()
    login(client, "observer")
    response = client.get(f"/agreements/{agreement_id}/pdf")
    assert response.status_code == 200
    return response.data


def test_witness_signatures_are_added_one_per_party_and_the_last_executes(app, world, tmp_path):
    add_signatories(app, world)
    agreement_id = _sent(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        digest, certified = a.content_hash, a.current_pdf
        assert [s.field for s in signatures(app, certified)] == ["NegotiatorSeal"]
    previous = certified
    for count, (username, member_id) in enumerate(
        zip(SIGNATORIES, world.member_ids, strict=True), start=1
    ):
        assert sign_web(app, username, agreement_id, member_id, digest).status_code == 302
        partly = _pdf(app, agreement_id)
        assert partly.startswith(previous)  # an incremental update: earlier bytes untouched
        checked = signatures(app, partly)
        assert len(checked) == 1 + count
        assert checked[0].docmdp_ok and checked[0].intact and checked[0].trusted
        assert all(c.intact and c.valid and c.trusted for c in checked)
        assert checked[-1].whole_file and checked[-1].field == f"party-{member_id}"
        previous = partly
        path = tmp_path / f"partly-{count}.pdf"
        path.write_bytes(partly)
        listed = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
        assert listed.count("Signature is Valid.") == 1 + count
    with app.app_context():
        a = agreement(agreement_id)
        assert a.status == "executed" and a.executed_pdf == previous
        assert a.executed_pdf_sha256 == hashlib.sha256(previous).hexdigest()
        rows = db.session.scalars(sa.select(Signature).order_by(Signature.id)).all()
        assert [(r.kind, r.signer_name, r.signer_title) for r in rows] == [
            ("electronic", "Signatory", "須崎市長"),
            ("electronic", "Signatory1", "中土佐町長"),
            ("electronic", "Signatory2", "四万十町長"),
        ]
    party = signatures(app, previous)[1]
    assert party.name == "須崎市長 Signatory" and party.location == "須崎市"


def test_sign_page_shows_the_full_text_and_the_frozen_title_in_era(app, world):
    agreement_id = _sent(app, world)
    client = app.test_client()
    login(client, "signatory")
    page = client.get(f"/agreements/{agreement_id}/sign/{world.member_ids[0]}")
    text = page.get_data(as_text=True)
    with app.app_context():
        a = agreement(agreement_id)
        preamble = services.document.content(a)["preamble"]
        signing_day = a.signing_date
    assert preamble in text and "3市町がグループウェアを共同利用する。" in text
    assert f"{signing_day.month}月{signing_day.day}日" in text and "令和" in text


def _party_setup(app, world, tmp_path):  # noqa: ANN001, ANN202
    own = own_certificate(tmp_path / "own", "susaki-mayor")
    with app.app_context():
        member = db.session.get(Member, world.member_ids[0])
        certificates.register(member, own.pem)
        db.session.commit()
    return own, _sent(app, world, "party")


def _upload(app, agreement_id: int, member_id: int, data: bytes):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, "signatory")
    return client.post(
        f"/agreements/{agreement_id}/upload/{member_id}",
        data={"file": (BytesIO(data), "signed.pdf")},
        content_type="multipart/form-data",
    )


def test_party_upload_with_a_registered_certificate_is_accepted(app, world, tmp_path):
    own, agreement_id = _party_setup(app, world, tmp_path)
    member_id = world.member_ids[0]
    current = _pdf(app, agreement_id)
    signed = sign_own(current, own, f"party-{member_id}")
    response = _upload(app, agreement_id, member_id, signed)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    with app.app_context():
        a = agreement(agreement_id)
        assert a.current_pdf == signed and a.status == "out_for_signature"
        row = db.session.scalar(sa.select(Signature))
        assert row.kind == "party" and "susaki-mayor" in row.note
    checked = signatures(app, signed)
    assert [c.field for c in checked] == ["NegotiatorSeal", f"party-{member_id}"]
    assert checked[0].docmdp_ok and checked[-1].intact and not checked[-1].trusted


@pytest.mark.parametrize(
    "case",
    ["changed_before", "unregistered", "two_signatures", "another_field", "text_added"],
)
def test_party_upload_is_refused(app, world, tmp_path, case):
    own, agreement_id = _party_setup(app, world, tmp_path)
    member_id = world.member_ids[0]
    current = _pdf(app, agreement_id)
    field = f"party-{member_id}"
    if case == "changed_before":
        changed = current.replace(b"%\xf0\x9f\x96\xa4", b"%\xf0\x9f\x96\xa5", 1)
        assert changed != current
        upload = sign_own(changed, own, field)
        message = "署名を1つ追加したものではありません"
    elif case == "unregistered":
        upload = sign_own(current, own_certificate(tmp_path / "x", "stranger"), field)
        message = "登録された証明書による署名ではありません"
    elif case == "two_signatures":
        upload = sign_own(sign_own(current, own, field), own, "extra")
        message = "署名はちょうど1つだけ"
    elif case == "another_field":  # the field of another party
        upload = sign_own(current, own, f"party-{world.member_ids[1]}")
        message = f"party-{member_id}の署名欄にしてください"
    else:  # the same revision also draws text on the first page
        upload = sign_own(current, own, field, extra_text="（追記）")
        message = "署名以外の変更"
    response = _upload(app, agreement_id, member_id, upload)
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert agreement(agreement_id).current_pdf == current
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0


def test_paper_execution_and_the_scanned_original(app, world):
    agreement_id = _sent(app, world, "paper")
    client = app.test_client()
    login(client, "facilitator")
    today = japan_today().isoformat()
    future = (japan_today() + dt.timedelta(days=1)).isoformat()
    refused = client.post(
        f"/agreements/{agreement_id}/paper/{world.member_ids[0]}",
        data={"paper_date": future},
        follow_redirects=True,
    )
    page = refused.get_data(as_text=True)
    assert "未来の日付は入力できません" in page
    # One 書面での署名を記録 form per member, each label naming its own input (issue 16).
    assert problems("show", outline(page)) == []
    for member_id in world.member_ids:
        assert f'<label for="paper-{member_id}-paper_date">' in page
    for member_id in world.member_ids:
        client.post(f"/agreements/{agreement_id}/paper/{member_id}", data={"paper_date": today})
    scan = b"%PDF-1.4 scanned original"
    client.post(
        f"/agreements/{agreement_id}/scan",
        data={"file": (BytesIO(scan), "original.pdf")},
        content_type="multipart/form-data",
    )
    with app.app_context():
        a = agreement(agreement_id)
        assert a.status == "executed" and a.executed_pdf == a.current_pdf
        assert a.original_scan == scan
        assert a.original_scan_sha256 == hashlib.sha256(scan).hexdigest()
        assert [s.signer_title for s in a.signatures] == ["須崎市長", "中土佐町長", "四万十町長"]
    assert client.get(f"/agreements/{agreement_id}/scan").data == scan
    again = client.post(
        f"/agreements/{agreement_id}/scan",
        data={"file": (BytesIO(b"%PDF-other"), "x.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "登録済み" in again.get_data(as_text=True)


def test_methods_do_not_mix(app, world):
    agreement_id = _sent(app, world, "paper")
    with app.app_context():
        digest = agreement(agreement_id).content_hash
    refused = sign_web(app, "signatory", agreement_id, world.member_ids[0], digest)
    assert "別の方法で締結します" in refused.get_data(as_text=True)
