"""改め文 of amendment agreements (pure, no app): articles added, removed, renumbered; input."""

from __future__ import annotations

import time

import pytest

from negotiator.agreements.amendment_text import (
    Clause,
    amendment_sentences,
    comparison_table,
    is_unchanged,
)
from tests.agreements.amendment_samples import NEW, NEW2, P1, P2, P3, arts, fourth, sentences


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


def test_of_two_identical_articles_the_reader_sees_the_second_removed():
    """Whichever key was removed: the first article is printed as it was, in its place."""
    twin = Clause("k0", "目的", ("甲甲甲甲", "甲甲"))
    old = [twin, Clause("k1", twin.caption, twin.paragraphs)]
    new = [old[1]]  # key k0 removed
    assert [p.sentence for p in amendment_sentences(old, new)] == ["第2条を削る。"]
    rows = comparison_table(old, new)
    assert [(r.old_number, r.new_number) for r in rows] == [(2, None)]


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


def test_a_quote_that_overlaps_itself_is_widened_until_it_occurs_once():
    """Or the article is rewritten whole.

    「ころによりとこ」 occurs twice, overlapping, in ところにより×3: str.count sees it once.
    """
    old = [Clause("k1", "目的", ("ところによりところによりところにより",))]
    new = [Clause("k1", "目的", ("ところによりとりところにより",))]
    [provision] = amendment_sentences(old, new)
    if provision.sentence == "第1条を次のように改める。":
        return  # no short phrase is unambiguous: the article is rewritten whole
    quoted = provision.sentence.split("「")[1].split("」")[0]
    text = old[0].paragraphs[0]
    assert text.find(quoted, text.find(quoted) + 1) < 0, provision.sentence
