"""Pure choice of the quoted phrases of a 改め文 inside one paragraph (「A」を「B」に改める).

Stdlib only; used by amendment_diff, tested through amendment_text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# A paragraph is quoted phrase by phrase only while the quotes stay short; past this share of
# its text, or past MAX_EDITS phrases, the paragraph is rewritten whole (次のように改める).
MOSTLY = 0.5
MAX_EDITS = 4
# An old phrase is widened to this many characters at most; past it, the paragraph is rewritten
# (a long quote reads worse than the new paragraph, and the widening stays cheap).
MAX_QUOTE = 60
# Longer paragraphs are rewritten whole rather than diffed (the diff is quadratic).
MAX_PARAGRAPH = 2000
# Two changes closer than this many unchanged characters are quoted as one phrase.
GAP = 3
# Quoted phrases never cut these (they may overlap): 別表第1, 第5条, 10分の1, 1,000円, 年1回's
# 1回, a word in kanji (負担割合) or katakana (システム), a word in Latin letters.
_D = "[0-9０-９]"
_UNITS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"別表第{_D}+",
        rf"第{_D}+(?:条|項|号)?",
        rf"{_D}+分の{_D}+",
        rf"{_D}[0-9０-９,，.．]*(?<=[0-9０-９])(?:%|％|円|人|年度|年|か月|月|日|回|通|割)?",
        r"[A-Za-zＡ-Ｚａ-ｚ]+",
        r"(?:(?!及び|並びに)[\u4e00-\u9fff々〆])+",  # 乙及び丙: 乙 and 丙 are two words
        r"[\u30a1-\u30faー]+",
    )
)
_DANGLING = ("及び", "並びに", "又は", "若しくは", "、")
_PAIRS = ("「」", "（）", "()", "『』")

DELETE = "delete"
INSERT = "insert"
REPLACE = "replace"
# (old start, old end, new start, new end) of a changed passage in a paragraph.
Span = tuple[int, int, int, int]


@dataclass(frozen=True)
class PhraseEdit:
    """One quoted change inside a paragraph, positions in the old and the new paragraph.

    REPLACE: 「old」を「new」に改める; DELETE: 「old」を削る;
    INSERT: 「anchor」の下に「new」を加える.
    """

    kind: str
    old: str
    new: str
    old_start: int
    new_start: int
    anchor: str = ""


def phrase_edits(old: str, new: str) -> tuple[PhraseEdit, ...] | None:
    """The quoted changes turning `old` into `new`, front to back; None if most of it changes."""
    if max(len(old), len(new)) > MAX_PARAGRAPH:
        return None
    spans = _raw_spans(old, new)
    done: list[Span] = []
    for raw in spans:
        span = _unique(old, new, done, raw)
        while span is not None and done and span[0] <= done[-1][1]:
            # It reaches the previous phrase: quote the two as one.
            span = _unique(old, new, done[:-1], _merge(done.pop(), span))
        if span is None:  # no phrase can be quoted unambiguously
            return None
        done.append(span)
    quoted = sum((i2 - i1) + (j2 - j1) for i1, i2, j1, j2 in done)
    if len(done) > MAX_EDITS or quoted > MOSTLY * (len(old) + len(new)):
        return None
    return tuple(_edit(old, new, done[:k], span) for k, span in enumerate(done))


def _raw_spans(old: str, new: str) -> list[Span]:
    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if spans and i1 - spans[-1][1] < GAP:
            spans[-1] = _merge(spans[-1], (i1, i2, j1, j2))
        else:
            spans.append((i1, i2, j1, j2))
    return spans


def _merge(a: Span, b: Span) -> Span:
    return (a[0], b[1], a[2], b[3])


def _unique(old: str, new: str, done: list[Span], span: Span) -> Span | None:
    """Widen the span over unchanged text until the quoted old phrase occurs once.

    The check runs on the paragraph as it stands when this phrase is reached, i.e. with the
    earlier phrases already changed; units (別表第1) are never cut, brackets stay balanced.
    Stopped by the previous phrase, it returns the span reaching it (to be merged); None when
    nothing can be quoted.
    """
    i1, i2, j1, j2 = span
    floor = done[-1][1] if done else 0
    while i2 - i1 <= MAX_QUOTE:
        while i1 > floor and i1 < i2 and j1 < j2 and _dangles(old[i1:i2], new[j1:j2]):
            i1, j1 = i1 - 1, j1 - 1
        while i1 > floor and (_cuts(old, i1) or _cuts(new, j1)):
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(old) and (_cuts(old, i2) or _cuts(new, j2)):
            i2, j2 = i2 + 1, j2 + 1
        if _quotable(old, new, done, (i1, i2, j1, j2)):
            return i1, i2, j1, j2
        if i1 > floor and (_unclosed(old[i1:i2]) < 0 or _unclosed(new[j1:j2]) < 0):
            i1, j1 = i1 - 1, j1 - 1  # a bracket closes in the quote: take in where it opens
        elif i2 < len(old):
            i2, j2 = i2 + 1, j2 + 1
        elif i1 > floor:
            i1, j1 = i1 - 1, j1 - 1
        else:
            return (i1, i2, j1, j2) if floor else None
    return None


def _dangles(old: str, new: str) -> bool:
    """A replaced phrase opening on 及び or 、 reads as a fragment: quote the word before too."""
    return old.startswith(_DANGLING) or new.startswith(_DANGLING)


def _cuts(text: str, at: int) -> bool:
    """Whether a boundary at `at` would split a unit such as 別表第1 or 10分の1."""
    return any(start < at < end for start, end in _units(text))


@lru_cache(maxsize=256)
def _units(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for unit in _UNITS for m in unit.finditer(text))


def _unclosed(text: str) -> int:
    """Brackets opened and not closed in the text (negative: closed and not opened)."""
    return sum(text.count(opening) - text.count(closing) for opening, closing in _PAIRS)


def _balanced(text: str) -> bool:
    """No bracket opened without being closed in the quoted phrase, nor the reverse."""
    for opening, closing in _PAIRS:
        depth = 0
        for char in text:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                return False
        if depth:
            return False
    return True


def _quotable(old: str, new: str, done: list[Span], span: Span) -> bool:
    i1, i2, j1, j2 = span
    if not (_balanced(old[i1:i2]) and _balanced(new[j1:j2])):
        return False
    if "\n" in old[i1:i2] + new[j1:j2]:  # a quote runs within one line (an item: （1）…)
        return False
    current = new[:j1] + old[i1:]  # the paragraph with the earlier phrases already changed
    if i1 == i2:
        return bool(_anchor(current, done[-1][3] if done else 0, j1))
    return _once(current, old[i1:i2])


def _anchor(current: str, floor: int, at: int) -> str:
    """The shortest unchanged text ending at `at` that occurs once: 「anchor」の下に加える."""
    for start in range(at - 1, floor - 1, -1):
        phrase = current[start:at]
        if "\n" in phrase:
            break
        if not _cuts(current, start) and _balanced(phrase) and _once(current, phrase):
            return phrase
    return ""


def _once(text: str, phrase: str) -> bool:
    """The phrase occurs exactly once, overlapping occurrences counted (str.count skips them)."""
    first = text.find(phrase)
    return first >= 0 and text.find(phrase, first + 1) < 0


def _edit(old: str, new: str, done: list[Span], span: Span) -> PhraseEdit:
    i1, i2, j1, j2 = span
    if i1 == i2:
        anchor = _anchor(new[:j1] + old[i1:], done[-1][3] if done else 0, j1)
        return PhraseEdit(INSERT, "", new[j1:j2], i1, j1, anchor)
    kind = DELETE if j1 == j2 else REPLACE
    return PhraseEdit(kind, old[i1:i2], new[j1:j2], i1, j1)
