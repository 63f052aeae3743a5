"""The demo agreement is executed electronically; the CLI writes it and registers certificates."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.agreements.models import Agreement, MemberCertificate
from negotiator.agreements.signing_date import japan_today
from negotiator.db import db
from tests.agreements.execution_helpers import own_certificate, signatures


def test_demo_agreement_is_executed_by_three_party_signatures(app, tmp_path):
    from negotiator import demo

    runner = app.test_cli_runner()
    with app.app_context():
        # Without the fourth town's 変更協定, which would be the negotiation's latest version.
        assert demo.load(join=False)
        db.session.commit()
    out = tmp_path / "demo.pdf"
    result = runner.invoke(args=["agreement", "pdf", "1", "--out", str(out)])
    assert "executed" in result.output, result.output
    with app.app_context():
        a = db.session.scalar(sa.select(Agreement).where(Agreement.status == "executed"))
        assert out.read_bytes() == a.executed_pdf
        assert a.execution_method == "witness" and a.signing_date == japan_today()
        people = [(s.kind, s.signer_title, s.signer_name) for s in a.signatures]
    assert [p[:2] for p in people] == [
        ("electronic", "須崎市長"),
        ("electronic", "中土佐町長"),
        ("electronic", "四万十町長"),
    ]
    assert all(name and not name.endswith("長") for _, _, name in people)  # a person, not an office
    checked = signatures(app, out.read_bytes())
    assert [c.field for c in checked][0] == "NegotiatorSeal" and len(checked) == 4
    assert all(c.intact and c.valid and c.trusted for c in checked)


def test_register_certificate_cli(app, world, tmp_path):
    own = own_certificate(tmp_path, "nakatosa")
    runner = app.test_cli_runner()
    member_id = world.member_ids[1]
    done = runner.invoke(args=["agreement", "register-certificate", str(member_id), str(own.cert)])
    assert "registered CN=nakatosa" in done.output
    again = runner.invoke(args=["agreement", "register-certificate", str(member_id), str(own.cert)])
    assert again.exit_code != 0 and "登録済み" in again.output
    junk = tmp_path / "junk.pem"
    junk.write_bytes(b"not a certificate")
    refused = runner.invoke(args=["agreement", "register-certificate", str(member_id), str(junk)])
    assert refused.exit_code != 0 and "X.509証明書ではありません" in refused.output
    with app.app_context():
        rows = db.session.scalars(sa.select(MemberCertificate)).all()
        assert [(r.member_id, r.subject) for r in rows] == [(member_id, "CN=nakatosa")]


def test_admin_registers_a_certificate_on_the_member_page(app, world, tmp_path):
    from io import BytesIO

    from tests.factories import login

    own = own_certificate(tmp_path, "shimanto")
    member_id = world.member_ids[2]
    client = app.test_client()
    login(client, "admin")
    url = f"/admin/members/{member_id}/certificates"
    bad = client.post(
        url, data={"file": (BytesIO(b"junk"), "x.pem")}, content_type="multipart/form-data"
    )
    assert '<p class="error" id="file-error">PEMまたはDER形式' in bad.get_data(as_text=True)
    done = client.post(
        url, data={"file": (BytesIO(own.pem), "c.pem")}, content_type="multipart/form-data"
    )
    assert done.status_code == 302
    assert "CN=shimanto" in client.get(url).get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(sa.select(MemberCertificate))
        assert row.member_id == member_id and row.registered_by_id is not None
