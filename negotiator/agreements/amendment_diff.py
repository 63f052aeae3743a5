"""Pure comparison of two versions of an agreement's articles, for 改め文 and 新旧対照表.

Articles are matched by their caller-given key; paragraphs inside a matched article by text
similarity; phrases inside a matched paragraph by a character diff. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from negotiator.agreements.amendment_phrases import (
    DELETE,
    INSERT,
    MOSTLY,
    REPLACE,
    PhraseEdit,
    phrase_edits,
)

KEEP = "keep"
EDIT = "edit"
REWRITE = "rewrite"
__all__ = [
    "DELETE",
    "EDIT",
    "INSERT",
    "KEEP",
    "REPLACE",
    "REWRITE",
    "Clause",
    "PhraseEdit",
    "Step",
    "align_articles",
    "align_paragraphs",
    "mostly_changes",
]


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
        if not self.caption.strip():
            raise ValueError(f"article {self.key!r} needs a caption")

    @property
    def text(self) -> tuple[str, tuple[str, ...]]:
        """What is printed, whatever the key: caption and paragraphs."""
        return self.caption, self.paragraphs


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
    steps: list[Step] = []
    i = j = 0
    for mi, mj in [*_kept(old, new), (len(old), len(new))]:
        steps += [Step(DELETE, k, None) for k in range(i, mi)]
        steps += [Step(INSERT, None, k) for k in range(j, mj)]
        if mi < len(old):
            steps.append(Step(KEEP if old[mi].text == new[mj].text else EDIT, mi, mj))
        i, j = mi + 1, mj + 1
    return [_unless_same(s, old, new) for s in _in_place(steps)]


def _unless_same(step: Step, old: Sequence[Clause], new: Sequence[Clause]) -> Step:
    """Another key with the very same text in the same place: nothing to print."""
    if step.kind != REWRITE or step.old is None or step.new is None:
        return step
    same = old[step.old].text == new[step.new].text
    return Step(KEEP, step.old, step.new) if same else step


def _kept(old: Sequence[Clause], new: Sequence[Clause]) -> list[tuple[int, int]]:
    """The most articles kept in order (index in old, in new); among equals, the least moved.

    An article printed exactly as the one at the same place counts as kept there whatever its
    key: of two identical articles, the reader sees the second one removed, not the first.
    """
    where = {c.key: j for j, c in enumerate(new)}
    same_place = {(i, i) for i in range(min(len(old), len(new))) if old[i].text == new[i].text}
    pairs = sorted({(i, where[c.key]) for i, c in enumerate(old) if c.key in where} | same_place)
    # best[t]: (kept, -moved) of the best chain ending with pairs[t]; before[t]: its previous.
    best: list[tuple[int, int]] = []
    before: list[int | None] = []
    for t, (i, j) in enumerate(pairs):
        score, prev = (1, -abs(i - j)), None
        for u, (ui, uj) in enumerate(pairs[:t]):
            longer = (best[u][0] + 1, best[u][1] - abs(i - j))
            if ui < i and uj < j and longer > score:
                score, prev = longer, u
        best.append(score)
        before.append(prev)
    chain: list[tuple[int, int]] = []
    at = max(range(len(pairs)), key=best.__getitem__, default=None)
    while at is not None:
        chain.append(pairs[at])
        at = before[at]
    return chain[::-1]


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
    """Articles or paragraphs removed where others are added are rewritten in place, in pairs."""
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
