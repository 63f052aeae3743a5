"""改め文 inside one article (pure, no app): phrases, 見出し, paragraphs; one case per rule."""

from __future__ import annotations

import pytest

from tests.agreements.amendment_samples import (
    ANOTHER,
    OTHER,
    P1,
    P2,
    P3,
    PX,
    SIX,
    fourth,
    sentences,
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            fourth(P1),
            fourth(P1.replace("別表第1", "別表第2")),
            ["第4条中「別表第1」を「別表第2」に改める。"],
            id="phrase-in-one-paragraph-article",
        ),
        pytest.param(
            fourth(P1, P2),
            fourth(P1, P2.replace("4月30日", "5月31日")),
            ["第4条第2項中「4月30日」を「5月31日」に改める。"],
            id="phrase-in-paragraph-2",
        ),
        pytest.param(
            fourth(P1, P2),
            fourth(P1.replace("別表第1", "別表第2"), P2),
            ["第4条第1項中「別表第1」を「別表第2」に改める。"],
            id="phrase-in-paragraph-1-of-several",
        ),
        pytest.param(
            fourth(P1),
            fourth(P1.replace("別表第1", "別表第2").replace("負担する", "分担する")),
            ["第4条中「別表第1」を「別表第2」に、「負担」を「分担」に改める。"],
            id="two-phrases-one-sentence",
        ),
        pytest.param(
            fourth(P1, P2),
            fourth(P1.replace("別表第1", "別表第2"), P2.replace("4月30日", "5月31日")),
            [
                "第4条第1項中「別表第1」を「別表第2」に改め、同条第2項中「4月30日」を「5月31日」に改める。"
            ],
            id="phrases-in-two-paragraphs",
        ),
        pytest.param(
            fourth("甲は、甲の負担金を納付する。"),
            fourth("甲は、乙の負担金を納付する。"),
            ["第4条中「甲の」を「乙の」に改める。"],
            id="phrase-widened-until-it-occurs-once",
        ),
        pytest.param(
            fourth(P1),
            fourth(P1.replace("甲及び乙", "甲、乙及び丙")),
            ["第4条中「甲及び乙」を「甲、乙及び丙」に改める。"],
            id="phrase-does-not-open-on-及び",
        ),
        pytest.param(
            fourth("甲、乙及び丙は、協議する。"),
            fourth("甲及び丙は、協議する。"),
            ["第4条中「、乙」を削る。"],
            id="phrase-removed",
        ),
        pytest.param(
            fourth("甲及び丙は、協議する。"),
            fourth("甲、乙及び丙は、協議する。"),
            ["第4条中「甲」の下に「、乙」を加える。"],
            id="phrase-added",
        ),
        pytest.param(
            fourth(P1),
            fourth(P1, caption="経費の分担"),
            ["第4条の見出しを「（経費の分担）」に改める。"],
            id="caption",
        ),
        pytest.param(
            fourth(P1, P2),
            fourth(P1, P2.replace("4月30日", "5月31日"), caption="負担金"),
            ["第4条の見出しを「（負担金）」に改め、同条第2項中「4月30日」を「5月31日」に改める。"],
            id="caption-and-phrase",
        ),
        pytest.param(
            fourth(P1, P2),
            fourth(P1, "負担金は、代表団体が指定する口座に振り込む。"),
            ["第4条第2項を次のように改める。"],
            id="paragraph-mostly-changed",
        ),
        pytest.param(
            fourth(P1, P2),
            fourth("経費の負担は、運営会議で定める。", caption="費用"),
            ["第4条を次のように改める。"],
            id="article-mostly-changed",
        ),
        pytest.param(
            fourth(P1, P2), fourth(P1, P2, P3), ["第4条に次の1項を加える。"], id="paragraph-at-end"
        ),
        pytest.param(
            fourth(P1, P3),
            fourth(P1, P2, P3),
            ["第4条第2項を同条第3項とし、同条第1項の次に次の1項を加える。"],
            id="paragraph-in-the-middle",
        ),
        pytest.param(
            fourth(P2),
            fourth(P1, P2),
            ["第4条を同条第2項とし、同条に第1項として次の1項を加える。"],
            id="paragraph-at-the-front",
        ),
        pytest.param(
            fourth(P1, P2, P3),
            fourth(P1, P2),
            ["第4条第3項を削る。"],
            id="last-paragraph-removed",
        ),
        pytest.param(
            fourth(P1, P2, P3),
            fourth(P1, P3),
            ["第4条第2項を削り、同条第3項を同条第2項とする。"],
            id="middle-paragraph-removed",
        ),
        pytest.param(
            fourth(P1, P2, P3),
            fourth(P1, P2, PX, P3),
            ["第4条第3項を同条第4項とし、同条第2項の次に次の1項を加える。"],
            id="paragraph-inserted-after-2",
        ),
        pytest.param(
            fourth(P1.replace("別表第1", "別表第2"), P2, P3),
            fourth(P1, P3),
            [
                "第4条第1項中「別表第2」を「別表第1」に改め、"
                "同条第2項を削り、同条第3項を同条第2項とする。"
            ],
            id="phrase-then-paragraph-removed",
        ),
    ],
)
def test_inside_an_article(old, new, expected):
    assert sentences(old, new) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            fourth(*SIX),
            fourth(SIX[0], OTHER, *SIX[1:]),
            [
                "第4条第6項を同条第7項とし、同条第2項から第5項までを1項ずつ繰り下げ、"
                "同条第1項の次に次の1項を加える。"
            ],
            id="paragraph-inserted-before-five",
        ),
        pytest.param(
            fourth(*SIX),
            fourth(SIX[0], *SIX[2:]),
            [
                "第4条第2項を削り、同条第3項を同条第2項とし、"
                "同条第4項から第6項までを1項ずつ繰り上げる。"
            ],
            id="paragraph-removed-before-four",
        ),
        pytest.param(
            fourth(P2, P3),
            fourth(P1, P2, P3),
            [
                "第4条第2項を同条第3項とし、同条第1項を同条第2項とし、同条に第1項として次の1項を加える。"
            ],
            id="paragraph-at-the-front-of-two",
        ),
        pytest.param(
            fourth(*SIX[:4]),
            fourth(SIX[0], SIX[3]),
            ["第4条第2項及び第3項を削り、同条第4項を同条第2項とする。"],
            id="two-paragraphs-removed",
        ),
        pytest.param(
            fourth(*SIX[:3]),
            fourth(SIX[0], OTHER, ANOTHER),
            ["第4条第2項及び第3項を次のように改める。"],
            id="two-paragraphs-rewritten",
        ),
        pytest.param(
            fourth(P1),
            fourth(P1, OTHER, ANOTHER),
            ["第4条に次の2項を加える。"],
            id="two-paragraphs-added",
        ),
    ],
)
def test_several_paragraphs(old, new, expected):
    assert sentences(old, new) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "甲は、次に掲げる事務を行う。\n（1）予算の調整\n（2）契約の締結",
            "甲は、次に掲げる事務を行う。\n（1）予算の調整\n（2）契約の締結及び履行",
            "第4条中「締結」の下に「及び履行」を加える。",
            id="within-one-line",
        ),
        pytest.param(
            "甲は、次に掲げる事務を行う。\n（1）予算の調整\n（2）契約の締結",
            "甲は、次に掲げる事務を行う。\n（1）予算の調整及び契約の締結",
            "第4条を次のように改める。",
            id="never-across-lines",
        ),
        pytest.param(
            "須崎市（以下「甲」という。）は、負担する。",
            "須崎市（以下「甲」という。）及び中土佐町は、負担する。",
            "第4条中「（以下「甲」という。）」の下に「及び中土佐町」を加える。",
            id="brackets-stay-balanced",
        ),
        pytest.param(
            "乙は、「乙」という者と協議する。",
            "乙は、「丙」という者と協議する。",
            "第4条中「「乙」」を「「丙」」に改める。",
            id="quotes-inside-quotes",
        ),
    ],
)
def test_quoted_phrases(old, new, expected):
    assert sentences(fourth(old), fourth(new)) == [expected]
