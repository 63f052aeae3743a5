"""Property: reading the 改め文 turns the old articles into exactly the new ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.agreements.amendment_text import Clause, amendment_sentences
from tests.agreements.amendment_interpreter import apply

TEXT = st.text(alphabet="甲乙丙の、。経費を負担す10", min_size=1, max_size=14)
CAPTION = st.sampled_from(["目的", "経費の負担", "脱退", "協議", "加入"])


@st.composite
def agreements(draw: st.DrawFn) -> list[Clause]:
    count = draw(st.integers(1, 6))
    return [
        Clause(f"k{n}", draw(CAPTION), tuple(draw(st.lists(TEXT, min_size=1, max_size=4))))
        for n in range(count)
    ]


@st.composite
def amended(draw: st.DrawFn, old: list[Clause]) -> list[Clause]:
    """Random edits: phrases, paragraphs and articles added, removed, moved; captions."""
    new = list(old)
    for serial in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["phrase", "para+", "para-", "art+", "art-", "move", "cap"]))
        at = draw(st.integers(0, len(new) - 1))
        clause = new[at]
        paras = list(clause.paragraphs)
        k = draw(st.integers(0, len(paras) - 1))
        if kind == "phrase":
            i = draw(st.integers(0, len(paras[k])))
            j = draw(st.integers(i, len(paras[k])))
            paras[k] = (
                paras[k][:i] + draw(st.text(alphabet="甲乙丙の、経費10", max_size=4)) + paras[k][j:]
            )
            paras[k] = paras[k] or "甲"
        elif kind == "para+":
            paras.insert(draw(st.integers(0, len(paras))), draw(TEXT))
        elif kind == "para-" and len(paras) > 1:
            del paras[k]
        elif kind == "art+":
            new.insert(
                draw(st.integers(0, len(new))), Clause(f"new{serial}", draw(CAPTION), (draw(TEXT),))
            )
            continue
        elif kind == "art-" and len(new) > 1:
            del new[at]
            continue
        elif kind == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(at))
            continue
        elif kind == "cap":
            clause = Clause(clause.key, draw(CAPTION), clause.paragraphs)
        new[at] = Clause(clause.key, clause.caption, tuple(paras))
    return new


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_reading_the_amendment_yields_the_new_text(data):
    old = data.draw(agreements())
    new = data.draw(amended(old))
    provisions = amendment_sentences(old, new)
    assert apply(old, provisions) == [(c.caption, c.paragraphs) for c in new]
