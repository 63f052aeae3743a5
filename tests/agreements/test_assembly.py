import dataclasses
from datetime import date

import pytest

from negotiator.agreements.assembly import (
    CONSULTATION_TEXT,
    AgreementInput,
    AnnexInput,
    ArticleInput,
    AssemblyError,
    Paragraph,
    Party,
    assemble,
)
from negotiator.agreements.reading import plain_text

TOWNS = (
    "須崎市", "中土佐町", "四万十町", "梼原町", "津野町", "日高村",
    "佐川町", "越知町", "仁淀川町", "土佐市", "いの町",
)  # fmt: skip
SUBJECT = "グループウェアシステムの共同利用"
TITLE = "グループウェアシステムの共同利用に関する協定書"


def party(name: str, label: str | None = None) -> Party:
    return Party(name, f"高知県{name}1番地", f"{name}長", "山田　太郎", label)


def parties(n: int) -> tuple[Party, ...]:
    return tuple(party(name) for name in TOWNS[:n])


def agreement(**changes: object) -> AgreementInput:
    base = AgreementInput(
        title=TITLE,
        subject=SUBJECT,
        parties=parties(3),
        articles=(
            ArticleInput(
                "目的", "本協定は、グループウェアシステムを共同で利用するために必要な事項を定める。"
            ),
            ArticleInput(
                "経費の負担", "経費は、別表第1のとおり負担する。\n\n負担割合は、毎年度見直す。"
            ),
        ),
        annexes=(),
        effective_date=None,
        term="",
        signing_date=date(2026, 4, 1),
    )
    return dataclasses.replace(base, **changes)


def test_preamble_two_parties() -> None:
    doc = assemble(agreement(parties=parties(2)))
    assert doc.preamble == (
        "須崎市（以下「甲」という。）及び中土佐町（以下「乙」という。）は、"
        "グループウェアシステムの共同利用に関し、次のとおり協定を締結する。"
    )


def test_preamble_three_parties() -> None:
    assert assemble(agreement()).preamble == (
        "須崎市（以下「甲」という。）、中土佐町（以下「乙」という。）及び"
        "四万十町（以下「丙」という。）は、"
        "グループウェアシステムの共同利用に関し、次のとおり協定を締結する。"
    )


def test_preamble_ten_parties_uses_all_labels() -> None:
    doc = assemble(agreement(parties=parties(10)))
    assert doc.preamble == (
        "須崎市（以下「甲」という。）、中土佐町（以下「乙」という。）、四万十町（以下「丙」という。）、"
        "梼原町（以下「丁」という。）、津野町（以下「戊」という。）、日高村（以下「己」という。）、"
        "佐川町（以下「庚」という。）、越知町（以下「辛」という。）、仁淀川町（以下「壬」という。）及び"
        "土佐市（以下「癸」という。）は、"
        "グループウェアシステムの共同利用に関し、次のとおり協定を締結する。"
    )


def test_preamble_eleven_parties_uses_names() -> None:
    doc = assemble(agreement(parties=parties(11)))
    assert doc.preamble == (
        "須崎市、中土佐町、四万十町、梼原町、津野町、日高村、佐川町、越知町、仁淀川町、土佐市"
        "及びいの町（以下「構成団体」という。）は、"
        "グループウェアシステムの共同利用に関し、次のとおり協定を締結する。"
    )


@pytest.mark.parametrize(
    ("n", "who"),
    [
        (2, "甲及び乙"),
        (3, "甲、乙及び丙"),
        (10, "甲、乙、丙、丁、戊、己、庚、辛、壬及び癸"),
        (11, "構成団体"),  # defined in the preamble when there are no labels
    ],
)
def test_closing_formula_electronic(n: int, who: str) -> None:
    doc = assemble(agreement(parties=parties(n)))
    assert doc.closing == (
        f"本協定の締結を証するため、本書の電磁的記録を作成し、{who}が合意の後電子署名を施し、"
        "各自その電磁的記録を保管する。"
    )
    assert doc.closing_style == "electronic"
    assert {b.seal for b in doc.signature_blocks} == {""}  # no 印 circle to be filled by hand


@pytest.mark.parametrize(("n", "who"), [(3, "甲、乙及び丙"), (11, "構成団体")])
def test_closing_formula_paper(n: int, who: str) -> None:
    doc = assemble(agreement(parties=parties(n), closing_style="paper"))
    assert doc.closing == (
        f"本協定の締結を証するため、本書{n}通を作成し、{who}が記名押印の上、各自1通を保有する。"
    )
    assert {b.seal for b in doc.signature_blocks} == {"印"}


def test_unknown_closing_style_is_refused() -> None:
    with pytest.raises(AssemblyError, match="closing style"):
        assemble(agreement(closing_style="fax"))


def test_labels_beyond_hei() -> None:
    doc = assemble(agreement(parties=parties(10)))
    labels = [block.label for block in doc.signature_blocks]
    assert labels == ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
    assert "日高村（以下「己」という。）" in doc.preamble


def test_signature_blocks() -> None:
    doc = assemble(agreement())
    first = doc.signature_blocks[0]
    assert (first.label, first.name, first.address) == ("甲", "須崎市", "高知県須崎市1番地")
    assert (first.representative_title, first.representative_name, first.seal) == (
        "須崎市長",
        "山田　太郎",
        "",
    )
    assert [b.name for b in doc.signature_blocks] == ["須崎市", "中土佐町", "四万十町"]


def test_eleven_parties_blocks_have_no_labels() -> None:
    doc = assemble(agreement(parties=parties(11)))
    assert [b.label for b in doc.signature_blocks] == [None] * 11
    assert doc.signature_blocks[10].name == "いの町"


def test_explicit_labels_order_the_parties() -> None:
    given = (party("須崎市", "乙"), party("中土佐町", "甲"), party("四万十町"))
    doc = assemble(agreement(parties=given))
    assert doc.preamble.startswith(
        "中土佐町（以下「甲」という。）、須崎市（以下「乙」という。）及び四万十町（以下「丙」という。）は、"
    )
    assert [b.label for b in doc.signature_blocks] == ["甲", "乙", "丙"]


def test_implicit_labels_skip_explicit_ones() -> None:
    given = (party("須崎市"), party("中土佐町", "甲"), party("四万十町"))
    doc = assemble(agreement(parties=given))
    assert [(b.label, b.name) for b in doc.signature_blocks] == [
        ("甲", "中土佐町"),
        ("乙", "須崎市"),
        ("丙", "四万十町"),
    ]


@pytest.mark.parametrize(
    "given",
    [
        (party("須崎市", "甲"), party("中土佐町", "甲")),
        (party("須崎市", "A"), party("中土佐町")),
        (party("須崎市"), party("須崎市")),
        (party("須崎市"),),
        (party("須崎市"), party("　")),
    ],
)
def test_invalid_parties_are_refused(given: tuple[Party, ...]) -> None:
    with pytest.raises(AssemblyError):
        assemble(agreement(parties=given))


def test_article_and_paragraph_numbering() -> None:
    doc = assemble(agreement())
    assert [(a.number, a.heading, a.caption) for a in doc.articles] == [
        (1, "第1条", "（目的）"),
        (2, "第2条", "（経費の負担）"),
        (3, "第3条", "（協議）"),
    ]
    assert doc.articles[1].paragraphs == (
        Paragraph(None, "経費は、別表第1のとおり負担する。"),
        Paragraph(2, "負担割合は、毎年度見直す。"),
    )


def test_paragraph_splitting_normalises_blank_lines_and_keeps_items() -> None:
    body = "\r\n  第一項。\r\n\r\n\r\n第二項は次のとおり。\n(1) 甲\n(2) 乙\n \u3000\n第三項。\n\n"
    doc = assemble(agreement(articles=(ArticleInput("（定義）", body),)))
    assert doc.articles[0].caption == "（定義）"
    assert doc.articles[0].paragraphs == (
        Paragraph(None, "第一項。"),
        Paragraph(2, "第二項は次のとおり。\n（1） 甲\n（2） 乙"),
        Paragraph(3, "第三項。"),
    )


def test_consultation_article_is_last_and_optional() -> None:
    doc = assemble(agreement())
    assert doc.articles[-1].caption == "（協議）"
    assert doc.articles[-1].paragraphs == (
        Paragraph(None, CONSULTATION_TEXT.format(who="甲、乙及び丙")),
    )
    assert CONSULTATION_TEXT.format(who="甲、乙及び丙").endswith("甲、乙及び丙が協議して定める。")
    without = assemble(agreement(include_consultation_article=False))
    assert [a.caption for a in without.articles] == ["（目的）", "（経費の負担）"]


def test_consultation_article_twice_is_refused() -> None:
    articles = (ArticleInput("協議", "協議して定める。"),)
    with pytest.raises(AssemblyError, match="協議"):
        assemble(agreement(articles=articles))
    doc = assemble(agreement(articles=articles, include_consultation_article=False))
    assert [a.caption for a in doc.articles] == ["（協議）"]


@pytest.mark.parametrize(
    ("effective", "term", "text"),
    [
        (
            date(2026, 4, 1),
            "令和11年3月31日まで。",
            "本協定は、令和8年4月1日から効力を生じ、その有効期間は、令和11年3月31日までとする。",
        ),
        (date(2019, 5, 1), "", "本協定は、令和元年5月1日から効力を生ずる。"),
        (None, "締結の日から3年間", "本協定の有効期間は、締結の日から3年間とする。"),
    ],
)
def test_term_article_before_consultation(effective: date | None, term: str, text: str) -> None:
    doc = assemble(agreement(effective_date=effective, term=term))
    assert [a.caption for a in doc.articles] == [
        "（目的）",
        "（経費の負担）",
        "（有効期間）",
        "（協議）",
    ]
    assert doc.articles[2].heading == "第3条"
    assert doc.articles[2].paragraphs == (Paragraph(None, text),)
    assert doc.effective_date == effective


def test_no_term_article_without_date_or_term() -> None:
    doc = assemble(agreement(effective_date=None, term="  "))
    assert "（有効期間）" not in [a.caption for a in doc.articles]


def test_signing_date_in_era_or_blank() -> None:
    assert assemble(agreement()).date_line == "令和8年4月1日"
    assert assemble(agreement(signing_date=None)).date_line == "令和\u3000年\u3000月\u3000日"


def test_annexes_are_numbered() -> None:
    annexes = (
        AnnexInput("共同利用の範囲", ["システム"], [["グループウェア"]]),
        AnnexInput("経費の負担割合", ("団体", "割合"), (("甲", "50%"), ("乙", "50%")), ("注",)),
    )
    doc = assemble(agreement(annexes=annexes))
    assert [(a.number, a.heading, a.title) for a in doc.annexes] == [
        (1, "別表第1", "共同利用の範囲"),
        (2, "別表第2", "経費の負担割合"),
    ]
    assert doc.annexes[0].rows == (("グループウェア",),)
    assert doc.annexes[1].notes == ("注",)


def test_annex_row_width_must_match_columns() -> None:
    annex = AnnexInput("経費", ("団体", "割合"), (("甲",),))
    with pytest.raises(AssemblyError, match="別表第1"):
        assemble(agreement(annexes=(annex,)))


@pytest.mark.parametrize(
    "changes",
    [
        {"title": " "},
        {"subject": ""},
        {"articles": (), "include_consultation_article": False},
        {"articles": (ArticleInput("目的", " \n\n "),)},
        {"articles": (ArticleInput("()", "本文"),)},
    ],
)
def test_incomplete_input_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(AssemblyError):
        assemble(agreement(**changes))


def test_document_is_frozen() -> None:
    doc = assemble(agreement())
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "x"  # type: ignore[misc]
    assert isinstance(doc.articles, tuple)


def test_plain_text_reading_order() -> None:
    annex = AnnexInput("経費の負担割合", ("団体", "割合"), (("甲", "1/2"),))
    text = plain_text(assemble(agreement(annexes=(annex,))))
    lines = text.splitlines()
    assert lines[0] == TITLE
    assert "（経費の負担）\n第2条\u3000経費は、別表第1のとおり負担する。\n2\u3000負担割合は" in text
    # The annex follows the signature blocks, as in printed agreements, and names its article.
    assert (
        "四万十町長\u3000山田\u3000太郎\n\n別表第1（第2条関係）\u3000経費の負担割合\n団体\t割合\n甲\t1/2"
        in text
    )
    assert "令和8年4月1日" in lines
    assert lines[-1] == "甲\t1/2"
