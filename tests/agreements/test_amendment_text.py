"""改め文 and 新旧対照表 of amendment agreements (pure, no app): one case per drafting rule."""

from __future__ import annotations

import time

import pytest

from negotiator.agreements.amendment_text import (
    Clause,
    amendment_sentences,
    comparison_table,
    is_unchanged,
)
from tests.agreements.amendment_interpreter import apply

P1 = "甲及び乙は、別表第1に定めるところにより経費を負担する。"
P2 = "前項の負担金は、毎年度4月30日までに納付する。"
P3 = "負担金の額に1円未満の端数があるときは、これを切り捨てる。"
PX = "前2項の規定にかかわらず、年度の途中で加入した団体の負担金は、月割りにより算定する。"


def arts(n: int) -> list[Clause]:
    return [Clause(f"k{i}", f"見出し{i}", (f"第{i}条の本文である。",)) for i in range(1, n + 1)]


def fourth(*paragraphs: str, caption: str = "経費の負担") -> list[Clause]:
    """A five-article agreement whose 第4条 has these paragraphs."""
    return [*arts(3), Clause("cost", caption, paragraphs), *arts(5)[4:]]


NEW = Clause("x", "加入", ("新たに加入する団体は、協議により定める。",))
NEW2 = Clause("y", "脱退", ("脱退する団体は、6月前までに申し出る。",))


def sentences(old: list[Clause], new: list[Clause]) -> list[str]:
    provisions = amendment_sentences(old, new)
    # Every case also reads back into the new text.
    assert apply(old, provisions) == [(c.caption, c.paragraphs) for c in new]
    return [p.sentence for p in provisions]


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


SIX = tuple(f"第{n}項の定めに従い、甲は{n * 10}日以内に通知する。" for n in range(1, 7))
OTHER = "前各項の規定にかかわらず、災害その他やむを得ない事情があるときは、運営会議が別に定める。"
ANOTHER = "代表団体は、この協定の締結後速やかに、構成団体の連絡担当者の名簿を作成する。"


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
            arts(8),
            [*arts(4), NEW, *arts(8)[4:]],
            ["第8条を第9条とし、第5条から第7条までを1条ずつ繰り下げ、第4条の次に次の1条を加える。"],
            id="inserted-four-follow",
        ),
        pytest.param(
            arts(5),
            [*arts(4), NEW, *arts(5)[4:]],
            ["第5条を第6条とし、第4条の次に次の1条を加える。"],
            id="inserted-one-follows",
        ),
        pytest.param(
            arts(6),
            [*arts(4), NEW, *arts(6)[4:]],
            ["第6条を第7条とし、第5条を第6条とし、第4条の次に次の1条を加える。"],
            id="inserted-two-follow",
        ),
        pytest.param(arts(8), [*arts(8), NEW], ["第8条の次に次の1条を加える。"], id="added-at-end"),
        pytest.param(
            arts(8),
            [*arts(4), NEW, NEW2, *arts(8)[4:]],
            [
                "第8条を第10条とし、第5条から第7条までを2条ずつ繰り下げ、第4条の次に次の2条を加える。"
            ],
            id="two-inserted",
        ),
        pytest.param(
            arts(5),
            [NEW, *arts(5)],
            ["第5条を第6条とし、第1条から第4条までを1条ずつ繰り下げ、第2条の前に次の1条を加える。"],
            id="inserted-at-front-of-five",
        ),
        pytest.param(
            arts(2),
            [NEW, *arts(2)],
            ["第2条を第3条とし、第1条を第2条とし、同条の前に次の1条を加える。"],
            id="inserted-at-front",
        ),
        pytest.param(
            arts(9),
            [*arts(4), *arts(9)[5:]],
            ["第5条を削り、第6条を第5条とし、第7条から第9条までを1条ずつ繰り上げる。"],
            id="removed-four-follow",
        ),
        pytest.param(
            arts(6),
            [*arts(4), *arts(6)[5:]],
            ["第5条を削り、第6条を第5条とする。"],
            id="removed-one-follows",
        ),
        pytest.param(arts(9), arts(8), ["第9条を削る。"], id="last-removed"),
        pytest.param(
            arts(10),
            [*arts(4), *arts(10)[6:]],
            ["第5条及び第6条を削り、第7条を第5条とし、第8条から第10条までを2条ずつ繰り上げる。"],
            id="two-removed",
        ),
        pytest.param(
            arts(5),
            [*arts(3), NEW, *arts(5)[4:]],
            ["第4条を次のように改める。"],
            id="another-article-in-the-same-place",
        ),
        pytest.param(
            arts(2),
            [NEW, arts(2)[1], arts(2)[0]],
            ["第1条を次のように改める。", "第2条の次に次の1条を加える。"],
            id="moved-article-the-one-in-place-stays",
        ),
    ],
)
def test_articles_added_and_removed(old, new, expected):
    assert sentences(old, new) == expected


def test_numbers_refer_to_the_text_as_amended_by_the_earlier_sentences():
    old = arts(8)
    new = [
        *arts(4),
        NEW,
        *arts(6)[4:],
        Clause("k7", "見出し7", ("第7条の規定である。",)),
        arts(8)[7],
    ]
    assert sentences(old, new) == [
        "第8条を第9条とし、第5条から第7条までを1条ずつ繰り下げ、第4条の次に次の1条を加える。",
        # the old 第7条, now 第8条
        "第8条中「本文」を「規定」に改める。",
    ]


def test_text_printed_after_the_sentence():
    (added,) = amendment_sentences(arts(5), [*arts(4), NEW, arts(5)[4]])
    assert added.lines == ("（加入）", "第5条　新たに加入する団体は、協議により定める。")
    (inserted,) = amendment_sentences(fourth(P1, P3), fourth(P1, P2, P3))
    assert inserted.lines == ("2　" + P2,)
    (rewritten,) = amendment_sentences(fourth(P1, P2), fourth("経費は、協議して定める。", P2))
    assert rewritten.sentence == "第4条第1項を次のように改める。"
    assert rewritten.lines == ("第4条　経費は、協議して定める。",)


def test_unchanged():
    assert is_unchanged(arts(3), arts(3))
    assert not is_unchanged(arts(3), arts(4))
    renamed = [Clause(f"std:{c.key}", c.caption, c.paragraphs) for c in arts(3)]
    assert is_unchanged(arts(3), renamed)  # keys differ, the text does not
    assert amendment_sentences(arts(3), renamed) == ()
    assert comparison_table(arts(3), renamed) == ()
    same_text = [*arts(2), Clause("other", "見出し3", ("第3条の本文である。",)), NEW]
    assert [p.sentence for p in amendment_sentences(arts(3), same_text)] == [
        "第3条の次に次の1条を加える。"
    ]
    assert amendment_sentences(arts(3), arts(3)) == ()
    assert comparison_table(arts(3), arts(3)) == ()


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Clause("a", "目的", ()),
        lambda: Clause("a", "目的", ("",)),
        lambda: Clause("a", "目的", "本文"),  # one text, not a sequence of paragraphs
        lambda: Clause("a", " ", ("本文",)),
        lambda: amendment_sentences([], arts(1)),
        lambda: amendment_sentences([*arts(2), arts(1)[0]], arts(2)),  # duplicate key
    ],
)
def test_refused_input(bad):
    with pytest.raises((ValueError, TypeError)):
        bad()


def test_a_hundred_articles_stay_fast():
    texts = [
        f"第{n}条に定める事項は、別表第{n}のとおりとし、甲、乙及び丙が協議する。"
        for n in range(300)
    ]
    old = [Clause(f"k{n}", "事項", tuple(texts[3 * n : 3 * n + 3])) for n in range(100)]
    new = [
        Clause(c.key, "事項", (c.paragraphs[0], *(t[::-1] for t in c.paragraphs[1:]))) for c in old
    ]
    start = time.perf_counter()
    provisions = amendment_sentences(old, new)
    comparison_table(old, new)
    assert time.perf_counter() - start < 2  # in fact well under a second
    assert len(provisions) == 100


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
    ],
)
def test_quoted_phrases(old, new, expected):
    (provision,) = amendment_sentences(fourth(old), fourth(new))
    assert provision.sentence == expected
