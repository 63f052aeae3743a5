"""Typesetting of a large agreement: 12 parties, 100 articles, checked on the PDF's text per page.

No caption ends a page, the closing sentence shares its page with the date and the first
signature block, the annex follows the signatures, and every page of a copy that is not the
executed original says 案（未締結）.
"""

from __future__ import annotations

import subprocess

from negotiator.agreements import document
from negotiator.agreements.annex import cost_annex
from negotiator.agreements.models import AgreementAnnex, AgreementArticle
from negotiator.consortia.models import Consortium
from negotiator.db import db
from tests.agreements.factories import agreement, make_draft
from tests.agreements.test_agreement_flow import executed  # noqa: F401 - a fixture
from tests.factories import login, make_member

TOWNS = ("梼原町", "津野町", "日高村", "佐川町", "越知町", "仁淀川町", "土佐市", "いの町", "大月町")
ITEM = "（{n}）第{n}号の事項として、構成団体が共同して処理する事務の内容を定める。"
SENTENCE = "構成団体は、共同利用するシステムの運用に当たり、関係法令及び本協定の定めを遵守する。"


def _body(n: int) -> str:
    """Bodies of varied length, so that captions fall at every height of a page."""
    paragraphs = [SENTENCE * (1 + n % 4)]
    if n % 3 == 0:
        items = "\n".join(ITEM.format(n=k) for k in range(1, 2 + n % 5))
        paragraphs.append("前項の事務は、次のとおりとする。\n" + items)
    if n % 7 == 0:
        paragraphs.append(SENTENCE)
    return "\n\n".join(paragraphs)


def _equal_split(members: list) -> dict:
    share = f"1/{len(members)}"
    return {
        "method": "equal",
        "remainder_rule": "lead",
        "members": [{"id": m.id, "name": m.name, "label": ""} for m in members],
        "categories": [{"id": 1, "name": "年間運用費", "amount": 1_200_000}],
        "total": 1_200_000,
        "rows": [
            {"member_id": m.id, "yen": [100_000], "total": 100_000, "shares": [share]}
            for m in members
        ],
    }


def _large_agreement(app, world) -> int:  # noqa: ANN001
    agreement_id = make_draft(app, world)
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        for name in TOWNS:
            make_member(council, name)
        for member in council.members:
            member.address = f"高知県{member.name}役場通1番地"
            member.representative_name = "山田　太郎"
        a = agreement(agreement_id)
        for n in range(len(a.articles) + 1, 101):
            body = _body(n)
            a.articles.append(AgreementArticle(position=n, caption=f"見出し{n}", body=body))
        annex = cost_annex(_equal_split(council.members))
        a.annexes.append(
            AgreementAnnex(
                position=1,
                title=annex.title,
                columns=list(annex.columns),
                rows=[list(r) for r in annex.rows],
                notes=list(annex.notes),
            )
        )
        a.include_consultation, a.term = False, ""
        db.session.commit()
    return agreement_id


def _pages(pdf: bytes, tmp_path) -> list[list[str]]:  # noqa: ANN001
    path = tmp_path / "large.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    margins = ("SHA-256", "案（未締結）", "案")
    pages = []
    for page in text.split("\f")[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [ln for ln in lines if not ln.startswith(margins) and " / " not in ln]
        pages.append((lines, body))
    return pages


def test_twelve_parties_hundred_articles_typeset(app, world, tmp_path):
    agreement_id = _large_agreement(app, world)
    with app.app_context(), app.test_request_context():
        a = agreement(agreement_id)
        doc = document.content(a)
        pdf = document.render_agreement_pdf(a)
    assert len(doc["articles"]) == 100 and len(doc["signature_blocks"]) == 12
    captions = {article["caption"] for article in doc["articles"]}
    pages = _pages(pdf, tmp_path)
    assert len(pages) > 10
    for number, (lines, body) in enumerate(pages, start=1):
        assert "案（未締結）" in lines, f"page {number} is not marked as provisional"
        assert body and body[-1] not in captions, f"caption alone at the bottom of page {number}"

    def page_of(text: str) -> int:
        return next(n for n, (lines, _) in enumerate(pages) if any(text in ln for ln in lines))

    closing = page_of("本協定の締結を証するため")
    assert closing == page_of("令和") == page_of("高知県須崎市役場通1番地")
    assert closing == page_of("第100条")  # no page of signatures without text
    assert page_of("高知県大月町役場通1番地") < page_of("別表第1")
    annex_text = "\n".join("\n".join(lines) for lines, _ in pages[page_of("別表第1") :])
    assert annex_text.count("12分の1") == 12 and "8.33" not in annex_text


def _text(pdf: bytes, tmp_path) -> str:  # noqa: ANN001
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_copies_are_marked_and_the_executed_original_is_not(app, world, executed, tmp_path):  # noqa: F811
    client = app.test_client()
    login(client, "observer")
    original = _text(client.get(f"/agreements/{executed}/pdf").data, tmp_path)
    assert "未締結" not in original and "本協定の締結を証するため" in original
    with app.app_context(), app.test_request_context():
        a = agreement(executed)
        copy = _text(document.render_agreement_pdf(a, provisional=True), tmp_path)
    pages = copy.split("\f")[:-1]
    assert pages and all("案（未締結）" in page for page in pages)
