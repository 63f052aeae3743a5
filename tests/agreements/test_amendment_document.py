"""The amendment document (pure): title, preamble, 改め文 or 新旧対照表, 附則, closing formula."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from negotiator.agreements.amendment_assembly import (
    TABLE_LEAD,
    AmendmentInput,
    amendment_title,
    assemble_amendment,
    has_changes,
)
from negotiator.agreements.assembly import AgreementInput, ArticleInput, AssemblyError, Party
from negotiator.agreements.canonical import canonical_json

PARTIES = (
    Party("須崎市", "須崎市山手町1番7号", "須崎市長", "楠瀬耕作"),
    Party("中土佐町", "中土佐町久礼6602番地2", "中土佐町長", "池田洋光"),
    Party("四万十町", "四万十町琴平町16番17号", "四万十町長", "中尾博憲"),
)
PURPOSE = ArticleInput("目的", "甲、乙及び丙は、グループウェアを共同で利用する。")
COST = ArticleInput("経費の負担", "経費は、別表第1に定めるところにより負担する。")
LEAVE = ArticleInput("脱退", "構成団体は、6月前までに申し出て脱退することができる。")
BASE = AgreementInput(
    title="グループウェアの共同利用に関する協定書",
    subject="グループウェアの共同利用",
    parties=PARTIES,
    articles=(PURPOSE, COST, LEAVE),
    annexes=(),
    effective_date=dt.date(2026, 4, 1),
    term="",
    signing_date=dt.date(2026, 3, 25),
    closing_style="electronic",
)
KEYS = ("item:1", "item:2", "article:7")


def _input(
    articles: tuple[ArticleInput, ...], style: str = "kaimebun", **changes
) -> AmendmentInput:  # noqa: ANN003
    new = replace(BASE, articles=articles, signing_date=dt.date(2027, 3, 1))
    inp = AmendmentInput(
        base=BASE,
        base_keys=KEYS,
        new=new,
        new_keys=KEYS[: len(articles)],
        original_title=BASE.title,
        original_signing_date=BASE.signing_date,
        style=style,
        effective_date=dt.date(2027, 4, 1),
        signing_date=dt.date(2027, 3, 1),
        closing_style="electronic",
    )
    return replace(inp, **changes)


REPLACED = (
    PURPOSE,
    ArticleInput("経費の負担", "経費は、別表第2に定めるところにより負担する。"),
    LEAVE,
)


def test_title_preamble_and_supplementary_provision():
    doc = assemble_amendment(_input(REPLACED))
    assert doc.title == "グループウェアの共同利用に関する協定の一部を変更する協定書"
    assert doc.preamble == (
        "須崎市（以下「甲」という。）、中土佐町（以下「乙」という。）及び四万十町（以下「丙」という。）"
        "は、令和8年3月25日に締結したグループウェアの共同利用に関する協定（以下「原協定」という。）"
        "の一部を次のとおり変更する。"
    )
    assert doc.supplementary == "この協定は、令和9年4月1日から効力を生ずる。"
    assert doc.closing.startswith(
        "本協定の締結を証するため、本書の電磁的記録を作成し、甲、乙及び丙が"
    )
    assert doc.date_line == "令和9年3月1日" and [b.label for b in doc.signature_blocks] == [
        "甲",
        "乙",
        "丙",
    ]


def _all_parties(article: ArticleInput, who: str = "甲、乙及び丙") -> ArticleInput:
    """The article naming all the parties once (`who`)."""
    if "甲、乙及び丙" in article.body:
        return replace(article, body=article.body.replace("甲、乙及び丙", who))
    return replace(article, body=f"{article.body}{who}が確認する。")


FOUR = "甲、乙、丙及び丁"


@pytest.mark.parametrize(
    ("old", "new", "sentences"),
    [
        # The same phrase changes in every article: one sentence names them all.
        (
            tuple(_all_parties(a) for a in BASE.articles),
            tuple(_all_parties(a, FOUR) for a in BASE.articles),
            ["第1条、第2条及び第3条中「乙及び丙」を「乙、丙及び丁」に改める。"],
        ),
        # Another change in between: the sentences stay apart, front to back.
        (
            (_all_parties(PURPOSE), COST, _all_parties(LEAVE)),
            (_all_parties(PURPOSE, FOUR), REPLACED[1], _all_parties(LEAVE, FOUR)),
            [
                "第1条中「乙及び丙」を「乙、丙及び丁」に改める。",
                "第2条中「別表第1」を「別表第2」に改める。",
                "第3条中「乙及び丙」を「乙、丙及び丁」に改める。",
            ],
        ),
    ],
)
def test_the_same_change_in_several_articles_is_one_sentence(old, new, sentences):
    doc = assemble_amendment(replace(_input(new), base=replace(BASE, articles=old)))
    assert [p.sentence for p in doc.provisions] == sentences


def test_a_replaced_phrase_is_one_amending_sentence():
    doc = assemble_amendment(_input(REPLACED))
    assert [p.sentence for p in doc.provisions] == ["第2条中「別表第1」を「別表第2」に改める。"]
    assert doc.comparison == ()


def test_a_removed_article_is_deleted():
    doc = assemble_amendment(_input((PURPOSE, COST)))
    # The standard articles after it (有効期間, 協議) move up.
    assert [p.sentence for p in doc.provisions] == [
        "第3条を削り、第4条を第3条とし、第5条を第4条とする。"
    ]


def test_the_comparison_table_underlines_the_changed_passage():
    doc = assemble_amendment(_input(REPLACED, "table"))
    assert doc.lead == TABLE_LEAD and doc.provisions == ()
    (row,) = doc.comparison
    assert [s.text for s in row.new if s.changed] == ["別表第2"]
    assert [s.text for s in row.old if s.changed] == ["別表第1"]
    assert "".join(s.text for s in row.new).endswith("別表第2に定めるところにより負担する。")


def test_nothing_changed_is_known_and_the_document_freezes():
    assert not has_changes(_input((PURPOSE, COST, LEAVE)))
    assert has_changes(_input(REPLACED))
    assert b'"kind":"amendment"' in canonical_json(assemble_amendment(_input(REPLACED)))


@pytest.mark.parametrize(
    "title, expected",
    [
        (
            "グループウェアの共同利用に関する協定書",
            "グループウェアの共同利用に関する協定の一部を変更する協定書",
        ),
        ("共同利用協定", "共同利用協定の一部を変更する協定書"),
    ],
)
def test_amendment_title(title, expected):
    assert amendment_title(title) == expected


def test_an_unknown_style_is_refused():
    with pytest.raises(AssemblyError):
        assemble_amendment(_input(REPLACED, "prose"))
