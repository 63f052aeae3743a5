"""The 新旧対照表 of an amendment: changed articles, old and new text, changes marked (傍線)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from negotiator.agreements.amendment_diff import (
    DELETE,
    EDIT,
    INSERT,
    KEEP,
    REWRITE,
    Clause,
    Step,
    align_articles,
    align_paragraphs,
    mostly_changes,
)

# Where a paragraph's text is marked: ALL of it, or these (start, end) passages.
ALL = ((0, -1),)
Marks = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool  # printed with a side line (傍線)


@dataclass(frozen=True)
class ComparisonRow:
    """One row of the 新旧対照表: the article after (改正後) and before (改正前) the change.

    Each side is （見出し）, newline, 第N条　first paragraph, newline, 2　second … ; a side is
    empty where the article is added or removed. `renumbered_only` rows differ only in their
    number; a template may abbreviate their text to （略）.
    """

    new: tuple[Segment, ...]
    old: tuple[Segment, ...]
    new_number: int | None
    old_number: int | None
    renumbered_only: bool = False


def comparison_table(old: Sequence[Clause], new: Sequence[Clause]) -> tuple[ComparisonRow, ...]:
    """Rows for the articles that change (text or number), in order."""
    if [c.text for c in old] == [c.text for c in new]:
        return ()
    rows = []
    for step in align_articles(old, new):
        i, j = step.old, step.new
        if step.kind == KEEP and i == j:
            continue
        o = old[i] if i is not None else None
        n = new[j] if j is not None else None
        rows.append(_row(step, o, n))
    return tuple(rows)


def _row(step: Step, old: Clause | None, new: Clause | None) -> ComparisonRow:
    i, j = step.old, step.new
    on = None if i is None else i + 1
    nn = None if j is None else j + 1
    if old is None or new is None or step.kind == REWRITE:
        return ComparisonRow(_whole(nn, new), _whole(on, old), nn, on)
    psteps = align_paragraphs(old.paragraphs, new.paragraphs)
    if step.kind == EDIT and mostly_changes(psteps):
        return ComparisonRow(_whole(nn, new), _whole(on, old), nn, on)
    omarks: list[Marks] = [()] * len(old.paragraphs)
    nmarks: list[Marks] = [()] * len(new.paragraphs)
    moved: set[tuple[str, int]] = set()
    for p in psteps:
        _mark(p, omarks, nmarks, moved)
    caption = old.caption != new.caption
    renumbered = on != nn
    return ComparisonRow(
        new=_segments(nn or 0, new, nmarks, caption, renumbered, {k for s, k in moved if s == "n"}),
        old=_segments(on or 0, old, omarks, caption, renumbered, {k for s, k in moved if s == "o"}),
        new_number=nn,
        old_number=on,
        renumbered_only=step.kind == KEEP,
    )


def _mark(p: Step, omarks: list[Marks], nmarks: list[Marks], moved: set[tuple[str, int]]) -> None:
    if p.kind == DELETE and p.old is not None:
        omarks[p.old] = ALL
        moved.add(("o", p.old))
    elif p.kind == INSERT and p.new is not None:
        nmarks[p.new] = ALL
        moved.add(("n", p.new))
    elif p.old is not None and p.new is not None:
        if p.kind == REWRITE:
            omarks[p.old] = nmarks[p.new] = ALL
        elif p.kind == EDIT:
            omarks[p.old] = tuple((e.old_start, e.old_start + len(e.old)) for e in p.edits)
            nmarks[p.new] = tuple((e.new_start, e.new_start + len(e.new)) for e in p.edits)
        if p.old != p.new:  # the paragraph number changes
            moved.update({("o", p.old), ("n", p.new)})


def _whole(number: int | None, clause: Clause | None) -> tuple[Segment, ...]:
    if clause is None or number is None:
        return ()
    marks = [ALL] * len(clause.paragraphs)
    return _segments(number, clause, marks, True, True, set(range(len(clause.paragraphs))))


def _segments(
    number: int, clause: Clause, marks: list[Marks], caption: bool, heading: bool, moved: set[int]
) -> tuple[Segment, ...]:
    out: list[Segment] = [Segment(f"（{clause.caption}）", caption), Segment("\n", False)]
    for k, text in enumerate(clause.paragraphs):
        if k:
            out.append(Segment("\n", False))
        label = f"第{number}条" if k == 0 else str(k + 1)
        out.append(Segment(label, heading if k == 0 else k in moved))
        out.append(Segment("　", False))
        spans = ((0, len(text)),) if marks[k] == ALL else marks[k]
        at = 0
        for start, end in sorted(spans):
            out += [Segment(text[at:start], False), Segment(text[start:end], True)]
            at = end
        out.append(Segment(text[at:], False))
    return _joined(out)


def _joined(segments: list[Segment]) -> tuple[Segment, ...]:
    """Drop empty segments and join neighbours that are marked alike."""
    out: list[Segment] = []
    for s in segments:
        if not s.text:
            continue
        if out and out[-1].changed == s.changed:
            out[-1] = Segment(out[-1].text + s.text, s.changed)
        else:
            out.append(s)
    return tuple(out)
