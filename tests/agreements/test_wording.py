"""Legal drafting conventions: full-width parentheses, 和暦, 甲、乙及び丙, defined terms, 柱書."""

from __future__ import annotations

from datetime import date

import pytest

from negotiator.agreements.assembly import (
    AnnexInput,
    ArticleInput,
    assemble,
    designation,
)
from negotiator.agreements.reading import passages, plain_text
from negotiator.agreements.wording import (
    NO_LEAD_IN,
    POLITE_FORM,
    UNDEFINED_TERM,
    Passage,
    era_dates,
    purpose_text,
    style_problems,
)
from tests.agreements.test_assembly import agreement, parties


def test_designation_lists_labels_or_uses_the_defined_term():
    assert designation(parties(2)) == "甲及び乙"
    assert designation(parties(3)) == "甲、乙及び丙"
    assert designation(parties(11)) == "構成団体"


def test_purpose_defines_the_members_term_unless_the_preamble_did():
    assert purpose_text("甲、乙及び丙", "グループウェアの共同利用") == (
        "本協定は、グループウェアの共同利用に関し、甲、乙及び丙（以下「構成団体」という。）の間で"
        "必要な事項を定めることを目的とする。"
    )
    assert "（以下" not in purpose_text("構成団体", "グループウェアの共同利用")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("基準日 2020-10-01", "基準日 令和2年10月1日"),
        ("2019/5/1から", "令和元年5月1日から"),
        ("2026年4月1日", "令和8年4月1日"),
        ("1980-01-01", "1980-01-01"),  # before 平成: left as typed
        ("2026-13-01", "2026-13-01"),  # not a date
        ("電話 0889-42-1234", "電話 0889-42-1234"),
        ("2020年国勢調査", "令和2年国勢調査"),
        ("2015年国勢調査", "平成27年国勢調査"),
        ("2019年実績、2025年度予算", "2019年実績、2025年度予算"),  # era changed; fiscal year
    ],
)
def test_western_dates_become_japanese_era(text, expected):
    assert era_dates(text) == expected


def test_every_text_gets_full_width_parentheses_and_era_dates():
    annex = AnnexInput(
        "負担額(年額)",
        ("団体", "人口(人)"),
        (("甲", "20,590"),),
        ("人口は国勢調査(2020-10-01現在)",),
    )
    body = "経費は別表第1(人口割)による。\n(1) 2026-04-01に開始する。"
    doc = assemble(agreement(articles=(ArticleInput("経費の負担", body),), annexes=(annex,)))
    text = plain_text(doc)
    assert "(" not in text and ")" not in text
    assert "（1） 令和8年4月1日に開始する。" in text
    assert doc.annexes[0].notes == ("人口は国勢調査（令和2年10月1日現在）",)
    assert doc.annexes[0].related == "（第1条関係）"


def test_annex_cited_by_number_only_matches_the_exact_number():
    annexes = tuple(AnnexInput(f"表{n}", ("a",), (("1",),)) for n in range(1, 11))
    body = "別表第10に定める。"
    doc = assemble(agreement(articles=(ArticleInput("経費", body),), annexes=annexes))
    assert doc.annexes[0].related == ""
    assert doc.annexes[9].related == "（第1条関係）"


def _reasons(*texts: str) -> list[tuple[str, dict]]:
    found = style_problems(Passage(f"第{n}条", t) for n, t in enumerate(texts, 1))
    return [(r.template, r.params) for r in found]


def test_a_term_used_before_its_definition_is_reported():
    assert _reasons("代表団体は、障害を連絡する。", "甲（以下「代表団体」という。）") == [
        (UNDEFINED_TERM, {"term": "代表団体", "where": "第1条"})
    ]
    assert _reasons("甲（以下「代表団体」という。）は、", "代表団体は、連絡する。") == []
    assert _reasons("この協定において「運営会議」とは、…をいう。", "運営会議は") == []


def test_enumeration_without_lead_in_and_polite_form_are_reported():
    assert _reasons("（1）甲\n（2）乙", "次のとおりとする。\n（1）甲") == [
        (NO_LEAD_IN, {"where": "第1条"})
    ]
    assert _reasons("経費を負担します。") == [(POLITE_FORM, {"where": "第1条"})]


def test_generated_document_has_no_style_problems():
    doc = assemble(
        agreement(
            articles=(
                ArticleInput("目的", purpose_text("甲、乙及び丙", "共同利用")),
                ArticleInput("脱退", "構成団体は、6か月前までに申し出る。"),
            ),
            effective_date=date(2026, 4, 1),
        )
    )
    assert style_problems(passages(doc)) == ()
