"""Property: reading the 改め文 turns the old articles into exactly the new ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.agreements.amendment_text import (
    Clause,
    amendment_sentences,
    comparison_table,
    is_unchanged,
)
from tests.agreements.amendment_interpreter import apply

# Words that make repeated fragments and units likely: 甲 in 甲及び乙, 別表第1 next to 別表第10.
WORDS = ["甲", "乙", "丙", "及び", "、", "は", "経費", "を", "負担する", "別表第1", "別表第10"]
WORDS += [
    "10分の1",
    "。",
    "の",
    "（",
    "）",
    "ス",
    "テム",
    "1",
    "年",
    "ところにより",
    "「甲」",
    "という",
]
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map("".join)
CAPTION = st.sampled_from(["目的", "経費の負担", "脱退", "協議", "加入"])


@st.composite
def agreements(draw: st.DrawFn) -> list[Clause]:
    count = draw(st.integers(1, 6))
    return [
        Clause(f"k{n}", draw(CAPTION), tuple(draw(st.lists(TEXT, min_size=1, max_size=5))))
        for n in range(count)
    ]


@st.composite
def amended(draw: st.DrawFn, old: list[Clause]) -> list[Clause]:
    """Random edits: phrases, paragraphs and articles added, removed, moved; captions."""
    new = list(old)
    for serial in range(draw(st.integers(1, 5))):
        kinds = ["phrase", "cut", "insert", "para+", "para-", "art+", "art-", "move", "cap"]
        kind = draw(st.sampled_from(kinds))
        at = draw(st.integers(0, len(new) - 1))
        if kind == "art+":
            clause = Clause(f"new{serial}", draw(CAPTION), (draw(TEXT),))
            new.insert(draw(st.integers(0, len(new))), clause)
        elif kind == "art-" and len(new) > 1:
            del new[at]
        elif kind == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(at))
        elif kind == "cap":
            new[at] = Clause(new[at].key, draw(CAPTION), new[at].paragraphs)
        else:
            paras = draw(edited_paragraphs(list(new[at].paragraphs), kind))
            new[at] = Clause(new[at].key, new[at].caption, tuple(paras))
    return new


@st.composite
def edited_paragraphs(draw: st.DrawFn, paras: list[str], kind: str) -> list[str]:
    k = draw(st.integers(0, len(paras) - 1))
    if kind in ("phrase", "cut", "insert"):
        i = draw(st.integers(0, len(paras[k])))
        j = i if kind == "insert" else draw(st.integers(i, min(i + 4, len(paras[k]))))
        words = [] if kind == "cut" else draw(st.lists(st.sampled_from(WORDS), max_size=3))
        paras[k] = (paras[k][:i] + "".join(words) + paras[k][j:]) or "甲"
    elif kind == "para+":
        paras.insert(draw(st.integers(0, len(paras))), draw(TEXT))
    elif kind == "para-" and len(paras) > 1:
        del paras[k]
    return paras


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_reading_the_amendment_yields_the_new_text(data):
    old = data.draw(agreements())
    new = data.draw(amended(old))
    provisions = amendment_sentences(old, new)
    assert apply(old, provisions) == [(c.caption, c.paragraphs) for c in new]
    assert (provisions == ()) == is_unchanged(old, new)


def printed(clause: Clause, number: int) -> str:
    lines = [f"（{clause.caption}）"]
    lines += [
        f"{f'第{number}条' if k == 1 else k}　{t}" for k, t in enumerate(clause.paragraphs, 1)
    ]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_table_shows_every_changed_article_once_with_its_text(data):
    old = data.draw(agreements())
    new = data.draw(amended(old))
    rows = comparison_table(old, new)
    for row in rows:
        if row.new_number is not None:
            assert "".join(s.text for s in row.new) == printed(
                new[row.new_number - 1], row.new_number
            )
        if row.old_number is not None:
            assert "".join(s.text for s in row.old) == printed(
                old[row.old_number - 1], row.old_number
            )
        assert any(s.changed for s in (*row.new, *row.old))
    # A number printing other text than before is shown; the same article (key) printed alike
    # at the same number is not. (Identical text that only shifted into place may be shown.)
    pairs = list(enumerate(zip(old, new, strict=False), 1))
    same_text = {n for n, (a, b) in pairs if a.text == b.text}
    same_article = {n for n, (a, b) in pairs if a.text == b.text and a.key == b.key}
    assert {r.new_number for r in rows} - {None} >= set(range(1, len(new) + 1)) - same_text
    assert {r.old_number for r in rows} - {None} <= set(range(1, len(old) + 1)) - same_article
    numbers = [r.new_number for r in rows if r.new_number is not None]
    assert numbers == sorted(numbers)
