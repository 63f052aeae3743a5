"""改め文 and 新旧対照表 of amendment agreements (pure, no app)."""

from __future__ import annotations

import pytest

from negotiator.agreements.amendment_text import (
    Clause,
    amendment_sentences,
    comparison_table,
    is_unchanged,
)


def arts(n: int) -> list[Clause]:
    return [Clause(f"k{i}", f"見出し{i}", (f"第{i}条の本文である。",)) for i in range(1, n + 1)]


NEW = Clause("x", "加入", ("新たに加入する団体は、協議により定める。",))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            arts(8),
            [*arts(4), NEW, *arts(8)[4:]],
            ["第8条を第9条とし、第5条から第7条までを1条ずつ繰り下げ、第4条の次に次の1条を加える。"],
        ),
        (
            arts(5),
            [*arts(4), NEW, *arts(5)[4:]],
            ["第5条を第6条とし、第4条の次に次の1条を加える。"],
        ),
        (arts(8), [*arts(8), NEW], ["第8条の次に次の1条を加える。"]),
        (
            arts(9),
            [*arts(4), *arts(9)[5:]],
            ["第5条を削り、第6条を第5条とし、第7条から第9条までを1条ずつ繰り上げる。"],
        ),
        (arts(9), arts(8), ["第9条を削る。"]),
    ],
)
def test_articles_added_and_removed(old, new, expected):
    assert [p.sentence for p in amendment_sentences(old, new)] == expected


def test_unchanged():
    assert is_unchanged(arts(3), arts(3))
    assert amendment_sentences(arts(3), arts(3)) == ()
    assert comparison_table(arts(3), arts(3)) == ()
