"""Pure comparison of two versions of an agreement's articles, for 改め文 and 新旧対照表.

Articles are matched by their caller-given key; paragraphs inside a matched article by text
similarity; phrases inside a matched paragraph by a character diff. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# A paragraph is quoted phrase by phrase only while the quotes stay short; past this share of
# its text, or past MAX_EDITS phrases, the paragraph is rewritten whole (次のように改める).
MOSTLY = 0.5
MAX_EDITS = 4
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

KEEP = "keep"
EDIT = "edit"
REWRITE = "rewrite"
DELETE = "delete"
INSERT = "insert"
REPLACE = "replace"
# (old start, old end, new start, new end) of a changed passage in a paragraph.
Span = tuple[int, int, int, int]


@dataclass(frozen=True)
class Clause:
    """One article of an agreement as it stands; `key` identifies it across versions."""

    key: str
    caption: str  # without parentheses: 目的
    paragraphs: tuple[str, ...]

    def __post_init__(self) -> None:
        if isinstance(self.paragraphs, str):
            raise TypeError("paragraphs is a sequence of paragraph texts, not one text")
        object.__setattr__(self, "paragraphs", tuple(self.paragraphs))
        if not self.paragraphs or not all(p.strip() for p in self.paragraphs):
            raise ValueError(f"article {self.key!r} needs non-empty paragraphs")


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


@dataclass(frozen=True)
class Step:
    """One aligned element: KEEP, EDIT (phrases), REWRITE, DELETE or INSERT."""

    kind: str
    old: int | None  # index in the old sequence
    new: int | None  # index in the new sequence
    edits: tuple[PhraseEdit, ...] = ()


def check_keys(clauses: Sequence[Clause]) -> None:
    keys = [c.key for c in clauses]
    if len(set(keys)) != len(keys):
        raise ValueError("article keys must be unique")


def align_articles(old: Sequence[Clause], new: Sequence[Clause]) -> list[Step]:
    """Match articles by key; unmatched ones at the same place are rewritten, others moved."""
    check_keys(old)
    check_keys(new)
    okeys, nkeys = [c.key for c in old], [c.key for c in new]
    steps: list[Step] = []
    matcher = SequenceMatcher(None, okeys, nkeys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                kind = KEEP if old[i] == new[j] else EDIT
                steps.append(Step(kind, i, j))
            continue
        # A run of removed articles where others are added: rewrite in place, pair by pair.
        paired = min(i2 - i1, j2 - j1)
        steps += [Step(REWRITE, i1 + k, j1 + k) for k in range(paired)]
        steps += [Step(DELETE, i, None) for i in range(i1 + paired, i2)]
        steps += [Step(INSERT, None, j) for j in range(j1 + paired, j2)]
    return steps


def mostly_changes(steps: Sequence[Step]) -> bool:
    """True when no old paragraph survives as it was or with quoted changes."""
    return not any(s.kind in (KEEP, EDIT) for s in steps)


@lru_cache(maxsize=512)  # the 改め文 and the 新旧対照表 align the same articles
def align_paragraphs(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[Step, ...]:
    """Align paragraphs, pairing similar ones (edited) and leaving the rest added or removed."""
    n, m = len(old), len(new)
    grams = {text: _bigrams(text) for text in (*old, *new)}
    ratio = [[_similarity(a, b, grams) for b in new] for a in old]
    # best[i][j]: the best total similarity aligning old[i:] with new[j:].
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = ratio[i][j] + best[i + 1][j + 1] if ratio[i][j] else 0.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    return tuple(_in_place(_walk(old, new, ratio, best)))


def _in_place(steps: list[Step]) -> list[Step]:
    """Paragraphs removed where others are added are rewritten in place, pair by pair."""
    out: list[Step] = []
    k = 0
    while k < len(steps):
        end = k
        while end < len(steps) and steps[end].kind in (DELETE, INSERT):
            end += 1
        if end == k:
            out.append(steps[k])
            k += 1
            continue
        gone = [s.old for s in steps[k:end] if s.kind == DELETE]
        come = [s.new for s in steps[k:end] if s.kind == INSERT]
        paired = min(len(gone), len(come))
        out += [Step(REWRITE, i, j) for i, j in zip(gone, come, strict=False)]
        out += [Step(DELETE, i, None) for i in gone[paired:]]
        out += [Step(INSERT, None, j) for j in come[paired:]]
        k = end
    return out


def _walk(
    old: Sequence[str], new: Sequence[str], ratio: list[list[float]], best: list[list[float]]
) -> list[Step]:
    steps: list[Step] = []
    i = j = 0
    while i < len(old) or j < len(new):
        paired = i < len(old) and j < len(new) and ratio[i][j]
        if paired and best[i][j] == ratio[i][j] + best[i + 1][j + 1]:
            steps.append(_paired(old[i], new[j], i, j))
            i, j = i + 1, j + 1
            continue
        if i < len(old) and (j == len(new) or best[i][j] == best[i + 1][j]):
            steps.append(Step(DELETE, i, None))
            i += 1
        else:
            steps.append(Step(INSERT, None, j))
            j += 1
    return steps


def _paired(old: str, new: str, i: int, j: int) -> Step:
    if old == new:
        return Step(KEEP, i, j)
    edits = phrase_edits(old, new)
    return Step(REWRITE, i, j) if edits is None else Step(EDIT, i, j, edits)


def _similarity(a: str, b: str, grams: dict[str, frozenset[str]]) -> float:
    """1 for equal texts, their share of common character pairs if enough to pair, else 0.

    Pairs of characters (bigrams) rather than a full diff: linear, so that aligning every
    paragraph with every other stays fast for long agreements.
    """
    if a == b:
        return 1.0
    ga, gb = grams[a], grams[b]
    r = 2 * len(ga & gb) / (len(ga) + len(gb))
    return r if r >= MOSTLY else 0.0


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[k : k + 2] for k in range(max(1, len(text) - 1)))


def phrase_edits(old: str, new: str) -> tuple[PhraseEdit, ...] | None:
    """The quoted changes turning `old` into `new`, front to back; None if most of it changes."""
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
    while True:
        while i1 > floor and i1 < i2 and j1 < j2 and _dangles(old[i1:i2], new[j1:j2]):
            i1, j1 = i1 - 1, j1 - 1
        while i1 > floor and (_cuts(old, i1) or _cuts(new, j1)):
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(old) and (_cuts(old, i2) or _cuts(new, j2)):
            i2, j2 = i2 + 1, j2 + 1
        if _quotable(old, new, done, (i1, i2, j1, j2)):
            return i1, i2, j1, j2
        if i2 < len(old):
            i2, j2 = i2 + 1, j2 + 1
        elif i1 > floor:
            i1, j1 = i1 - 1, j1 - 1
        else:
            return (i1, i2, j1, j2) if floor else None


def _dangles(old: str, new: str) -> bool:
    """A replaced phrase opening on 及び or 、 reads as a fragment: quote the word before too."""
    return old.startswith(_DANGLING) or new.startswith(_DANGLING)


def _cuts(text: str, at: int) -> bool:
    """Whether a boundary at `at` would split a unit such as 別表第1 or 10分の1."""
    return any(start < at < end for start, end in _units(text))


@lru_cache(maxsize=256)
def _units(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for unit in _UNITS for m in unit.finditer(text))


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
    current = new[:j1] + old[i1:]  # the paragraph with the earlier phrases already changed
    if i1 == i2:
        return bool(_anchor(current, done[-1][3] if done else 0, j1))
    return current.count(old[i1:i2]) == 1


def _anchor(current: str, floor: int, at: int) -> str:
    """The shortest unchanged text ending at `at` that occurs once: 「anchor」の下に加える."""
    for start in range(at - 1, floor - 1, -1):
        phrase = current[start:at]
        if not _cuts(current, start) and _balanced(phrase) and current.count(phrase) == 1:
            return phrase
    return ""


def _edit(old: str, new: str, done: list[Span], span: Span) -> PhraseEdit:
    i1, i2, j1, j2 = span
    if i1 == i2:
        anchor = _anchor(new[:j1] + old[i1:], done[-1][3] if done else 0, j1)
        return PhraseEdit(INSERT, "", new[j1:j2], i1, j1, anchor)
    kind = DELETE if j1 == j2 else REPLACE
    return PhraseEdit(kind, old[i1:i2], new[j1:j2], i1, j1)
