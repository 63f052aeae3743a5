"""Pure 改め文 of an amendment agreement (変更協定): the sentences that turn the old articles
into the new ones, and (in amendment_table) the 新旧対照表. Stdlib only.

Conventions (法制執務), checked case by case by tests/agreements/test_amendment_text.py and
test_amendment_paragraphs.py, and by test_amendment_reading.py, whose reader applies the
sentences to the old text and must find the new one:
- Sentences run from the front of the text to its end. Every number in a sentence refers to the
  text as it stands once the earlier sentences, and the earlier clauses of the same sentence,
  have been applied: after 「第4条の次に次の1条を加える。」 the old 第7条 is cited as 第8条.
- One sentence per article gathers its 見出し and phrase changes (「第4条の見出しを「（負担金）」に
  改め、同条第2項中「A」を「B」に、「C」を「D」に改め、「E」を削る。」); a sentence ends where text
  follows it (次のように改める / 次の1項を加える).
- A paragraph is cited 第4条中 when the article has one paragraph, else 第4条第1項中, 第4条第2項中
  (and the lone paragraph is moved as 「第4条を同条第2項とし」).
- A quoted old phrase occurs exactly once in its paragraph (as it stands then), so 「A」を「B」に
  改める reads the same whether it means the first or every occurrence. An insertion quotes the
  unchanged text right before it: 「A」の下に「B」を加える. A deletion: 「A」を削る.
- A quote is the smallest changed passage, widened until it occurs once; it never cuts a unit
  (別表第1, 第5条, 10分の1, 1,000円, a word in kanji or katakana), never opens on 及び or 、 when
  it replaces, keeps its brackets balanced and stays within one line (an item （1）…).
- A changed 見出し is quoted whole: 「第4条の見出しを「（新）」に改める。」.
- When most of a paragraph changes it is rewritten (第4条第2項を次のように改める。, several in a
  row: 第4条第2項及び第3項を…); when no paragraph of an article survives, the whole article is
  (第4条を次のように改める。). Articles whose keys differ at the same place are rewritten in
  place, as are dissimilar paragraphs at the same place.
- Renumbering, as in ワークブック法制執務: each article or paragraph one by one (第6条を第7条とし、
  第5条を第6条とし), from the back when moving down and from the front when moving up; four or
  more in a row: the outermost one alone, the rest together (第8条を第9条とし、第5条から第7条までを
  1条ずつ繰り下げ / 第6条を第5条とし、第7条から第9条までを1条ずつ繰り上げる).
- Added at the very front: articles 「第1条を第2条とし、同条の前に次の1条を加える」 (「第2条の前に」
  after four or more moved together), paragraphs 「同条に第1項として次の1項を加える」.
- Numbers are Arabic numerals, as in the agreement itself (第4条, 1条ずつ, 次の2項).
"""

from __future__ import annotations

from collections.abc import Sequence

from negotiator.agreements.amendment_article import changed_article
from negotiator.agreements.amendment_diff import DELETE, INSERT, Clause, Step, align_articles
from negotiator.agreements.amendment_table import ComparisonRow, Segment, comparison_table
from negotiator.agreements.amendment_words import (
    Cite,
    Provision,
    article,
    moves_down,
    moves_up,
    sentence,
    span,
)
from negotiator.agreements.assembly import Article

__all__ = [
    "Clause",
    "ComparisonRow",
    "Provision",
    "Segment",
    "amendment_sentences",
    "article",
    "clauses",
    "comparison_table",
    "is_unchanged",
]


def clauses(articles: Sequence[Article], keys: Sequence[str]) -> tuple[Clause, ...]:
    """Clauses from assembled articles (captions lose their parentheses)."""
    return tuple(
        Clause(
            key,
            a.caption.removeprefix("（").removesuffix("）"),
            tuple(p.text for p in a.paragraphs),
        )
        for a, key in zip(articles, keys, strict=True)
    )


def is_unchanged(old: Sequence[Clause], new: Sequence[Clause]) -> bool:
    """The same text (captions and paragraphs, in order), whatever the keys: nothing to amend."""
    return [c.text for c in old] == [c.text for c in new]


def amendment_sentences(old: Sequence[Clause], new: Sequence[Clause]) -> tuple[Provision, ...]:
    """The 改め文 turning `old` into `new`, front to back (see the module docstring)."""
    if not old or not new:
        raise ValueError("an agreement has at least one article before and after")
    if is_unchanged(old, new):
        return ()
    out: list[Provision] = []
    total, number = len(old), 1  # articles in the text as it stands; the next one's number
    steps = align_articles(old, new)
    k = 0
    while k < len(steps):
        run = _run(steps, k)
        kind, k = run[0].kind, k + len(run)
        if kind == DELETE:
            out.append(_delete_articles(number, len(run), total))
            total -= len(run)
            continue
        if kind == INSERT:
            added = tuple(article(number + n, new[s.new or 0]) for n, s in enumerate(run))
            out.append(_insert_articles(number, added, total))
            total, number = total + len(run), number + len(run)
            continue
        out += changed_article(number, old[run[0].old or 0], new[run[0].new or 0], kind)
        number += 1
    return tuple(out)


def _run(steps: list[Step], k: int) -> list[Step]:
    """The steps from k on that add (or remove) articles in a row; else the one step."""
    end = k + 1
    if steps[k].kind in (DELETE, INSERT):
        while end < len(steps) and steps[end].kind == steps[k].kind:
            end += 1
    return steps[k:end]


def _delete_articles(first: int, count: int, total: int) -> Provision:
    removed = span(first, count, "条")
    moves = moves_up(first + count, total, count, Cite("条"))
    return Provision(sentence([f"{removed}を削り", *moves]))


def _insert_articles(first: int, added: tuple[Article, ...], total: int) -> Provision:
    count = len(added)
    moves = moves_down(first, total, count, Cite("条"))
    if first > 1:
        where = f"第{first - 1}条の次に"
    elif moves and moves[-1].endswith("とし"):
        where = "同条の前に"  # the clause just before moved the old 第1条
    else:
        where = f"第{first + count}条の前に"
    return Provision(sentence([*moves, f"{where}次の{count}条を加える"]), articles=added)
