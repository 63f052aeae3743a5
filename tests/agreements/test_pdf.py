"""The agreement PDF: exact text, embedded fonts only, rare characters, same bytes every time."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess

import pytest

from negotiator.agreements import document, services
from negotiator.agreements.models import AgreementAnnex
from negotiator.consortia.models import Member
from negotiator.db import db
from tests.agreements.factories import agreement, make_draft


def _prepare(app, world, *, send: bool = False) -> int:  # noqa: ANN001
    agreement_id = make_draft(app, world)
    with app.app_context():
        a = agreement(agreement_id)
        a.signing_date = dt.date(2099, 4, 1)  # 締結日 is never before the day it is sent
        a.annexes.append(
            AgreementAnnex(
                position=1,
                title="負担割合",
                columns=["団体", "負担割合", "年額(円)"],
                rows=[
                    ["須崎市", "45.1%", "1,234,567"],
                    ["中土佐町", "17.2%", "470,000"],
                    ["四万十町", "37.7%", "1,030,000"],
                ],
                notes=["1円未満切捨て"],
            )
        )
        member = db.session.get(Member, world.member_ids[0])
        member.address = "〒785-8601 高知県須崎市山手町1番7号"
        member.representative_name = "髙﨑 濵邊①㊞"
        db.session.flush()
        if send:  # frozen: no 草案 mark across the text
            services.send_for_signature(a, a.version)
        db.session.commit()
    return agreement_id


def _text(pdf: bytes, tmp_path) -> str:  # noqa: ANN001
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_text_has_preamble_articles_annex_and_era_date(app, world, tmp_path):
    agreement_id = _prepare(app, world, send=True)
    with app.app_context(), app.test_request_context():
        a = agreement(agreement_id)
        doc = document.content(a)
        text = _text(document.render_agreement_pdf(a), tmp_path).replace(" ", "")
    flat = text.replace("\n", "")
    assert doc["preamble"].replace(" ", "") in flat
    for article in doc["articles"]:
        assert article["heading"] in text and article["caption"] in text
    assert "別表第1" in text and "1,234,567" in text
    assert "令和81年4月1日" in text
    assert (
        "本協定の締結を証するため、本書の電磁的記録を作成し、甲、乙及び丙が合意の後電子署名を施し、"
        "各自その電磁的記録を保管する。"
    ) in flat
    assert "印" not in text.split("令和81年4月1日")[-1].split("別表第1")[0]  # no seal marks
    assert "髙﨑濵邊①㊞" in flat and "〒785-8601" in flat
    assert "案（未締結）" in text  # sent, not yet executed: a provisional copy


def test_only_embedded_fonts(app, world, tmp_path):
    agreement_id = _prepare(app, world)
    with app.app_context(), app.test_request_context():
        pdf = document.render_agreement_pdf(agreement(agreement_id))
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        name, emb = line.split()[0], line.split()[-5]
        assert "IPAex" in name and emb == "yes", line


def test_same_content_gives_the_same_bytes(app, world):
    agreement_id = _prepare(app, world, send=True)
    renders = []
    for _ in range(2):
        with app.app_context(), app.test_request_context():
            renders.append(document.render_agreement_pdf(agreement(agreement_id)))
    assert renders[0] == renders[1]
    with app.app_context(), app.test_request_context():
        a = agreement(agreement_id)
        a.articles[0].caption = "変更"  # in memory only: the frozen content must win
        assert document.render_agreement_pdf(a) == renders[0]


def test_cli_writes_the_pdf(app, world, tmp_path):
    _prepare(app, world)
    out = tmp_path / "agreement.pdf"
    result = app.test_cli_runner().invoke(
        args=["agreement", "pdf", str(world.negotiation_id), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    missing = app.test_cli_runner().invoke(args=["agreement", "pdf", "999", "--out", str(out)])
    assert missing.exit_code != 0


@pytest.mark.parametrize("name", ["絵文字町😀", "私用\ue000町"])
def test_member_names_that_cannot_print_are_refused(app, world, name):
    client = app.test_client()
    from tests.factories import login

    login(client, "admin")
    page = client.post(
        f"/admin/consortia/{world.consortium_id}/members/new",
        data={"name": name, "kind": "town", "sort_order": "0"},
    ).get_data(as_text=True)
    assert "印刷できない文字が含まれています" in page and 'id="name-error"' in page


def test_names_beyond_jis_x_0213_render_from_the_fallback_font(app, world, tmp_path, caplog):
    agreement_id = _prepare(app, world)
    with app.app_context(), app.test_request_context():
        member = db.session.get(Member, world.member_ids[1])
        member.representative_name = "𠮷田 𩸽"  # U+20BB7 is outside JIS X 0213
        db.session.commit()
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            pdf = document.render_agreement_pdf(agreement(agreement_id))  # no MissingGlyphError
    # Found through fontconfig, not a local() @font-face WeasyPrint cannot load (issue 18:
    # "Font-face 'IPAmjMincho' cannot be loaded" on every render).
    assert not [r for r in caplog.records if "cannot be loaded" in r.getMessage()]
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "IPAmjMincho" in fonts
    assert "𠮷田 𩸽" in _text(pdf, tmp_path)
