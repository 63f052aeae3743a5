"""Line diff with character-level highlighting between two proposal revisions.

Japanese sentences have no spaces, so a word-level diff would mark whole paragraphs as changed;
changed lines are therefore compared character by character. Line endings are normalised
(CRLF/CR -> LF) and a final newline is not significant, because browsers submit textareas with CRLF
and a trailing newline is invisible to the people comparing revisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from markupsafe import Markup, escape

from negotiator.negotiation.rules import N_

__all__ = [
    "DiffKind",
    "DiffLine",
    "Segment",
    "diff_chars",
    "diff_texts",
    "render_diff_html",
    "split_lines",
]

DiffKind = Literal["equal", "insert", "delete", "replace"]
Segment = tuple[str, bool]
"""A run of characters and whether it differs from the other revision."""

# An unchanged run this short between two changes is folded into the change: in a rewritten
# Japanese sentence, scattered matches of single particles (の, は, を) would otherwise chop the
# highlighting into confetti that is harder to read than one marked span.
_MIN_EQUAL_RUN = 2


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One row of a diff; old_no/new_no are 1-based and None on the side the line is absent from."""

    kind: DiffKind
    old_no: int | None
    new_no: int | None
    old_segments: tuple[Segment, ...]
    new_segments: tuple[Segment, ...]


def split_lines(text: str) -> list[str]:
    """Split text into lines the way diff_texts sees them (LF/CRLF/CR, final newline ignored)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def diff_texts(old: str, new: str) -> list[DiffLine]:
    """Diff two texts line by line, highlighting changed characters inside replaced lines."""
    old_lines, new_lines = split_lines(old), split_lines(new)
    # autojunk would treat frequent lines (blank lines in texts over 200 lines) as junk and
    # produce a worse alignment; the texts are small enough to afford the full comparison.
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    result: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                line = old_lines[i1 + offset]
                seg = ((line, False),)
                result.append(DiffLine("equal", i1 + offset + 1, j1 + offset + 1, seg, seg))
        else:
            result.extend(_changed_block(old_lines, new_lines, i1, i2, j1, j2))
    return result


def _changed_block(
    old_lines: list[str], new_lines: list[str], i1: int, i2: int, j1: int, j2: int
) -> list[DiffLine]:
    """Pair the lines of a changed block in order; the unpaired rest is deleted or inserted."""
    paired = min(i2 - i1, j2 - j1)
    block: list[DiffLine] = []
    for offset in range(paired):
        old_segs, new_segs = diff_chars(old_lines[i1 + offset], new_lines[j1 + offset])
        block.append(DiffLine("replace", i1 + offset + 1, j1 + offset + 1, old_segs, new_segs))
    for i in range(i1 + paired, i2):
        block.append(DiffLine("delete", i + 1, None, ((old_lines[i], True),), ()))
    for j in range(j1 + paired, j2):
        block.append(DiffLine("insert", None, j + 1, (), ((new_lines[j], True),)))
    return block


def diff_chars(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Character-level segments of two lines: (old side, new side)."""
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    old_segs: list[Segment] = []
    new_segs: list[Segment] = []
    last = len(opcodes) - 1
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        short_gap = 0 < index < last and i2 - i1 < _MIN_EQUAL_RUN
        changed = tag != "equal" or short_gap
        _append(old_segs, old[i1:i2], changed)
        _append(new_segs, new[j1:j2], changed)
    return tuple(old_segs), tuple(new_segs)


def _append(segments: list[Segment], text: str, changed: bool) -> None:
    """Append a segment, merging it into the previous one when both have the same flag."""
    if not text:
        return
    if segments and segments[-1][1] == changed:
        segments[-1] = (segments[-1][0] + text, changed)
    else:
        segments.append((text, changed))


_ROW_CLASS = {"equal": "diff-eq", "insert": "diff-ins", "delete": "diff-del"}
_SIGN = {"diff-eq": " ", "diff-ins": "+", "diff-del": "-"}


DIFF_HEADERS = (N_("旧版の行"), N_("新版の行"), N_("変更"), N_("本文"))
"""The table's column headers (Japanese message ids; the caller passes them translated)."""


def render_diff_html(lines: list[DiffLine], headers: tuple[str, ...] = DIFF_HEADERS) -> Markup:
    """Render a diff as a unified table; a replaced line becomes a deleted and an inserted row.

    Changes show by more than colour: <ins> is underlined and <del> struck through, and
    app.css gives both words a screen reader reads (「追加」「削除」); the +/- of the sign column
    is hidden from it for the same reason."""
    rows: list[Markup] = []
    for line in lines:
        if line.kind == "replace":
            rows.append(_row("diff-del", line.old_no, None, line.old_segments, "del"))
            rows.append(_row("diff-ins", None, line.new_no, line.new_segments, "ins"))
        elif line.kind == "delete":
            rows.append(_row("diff-del", line.old_no, None, line.old_segments, "del"))
        else:
            rows.append(
                _row(_ROW_CLASS[line.kind], line.old_no, line.new_no, line.new_segments, "ins")
            )
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in headers)
    return Markup(
        '<table class="diff">\n<thead><tr>{}</tr></thead>\n<tbody>\n{}</tbody>\n</table>\n'
    ).format(head, Markup("").join(rows))


def _row(
    css: str, old_no: int | None, new_no: int | None, segments: tuple[Segment, ...], mark: str
) -> Markup:
    """One table row; changed segments are wrapped in <ins>/<del> so they show without colour."""
    text = Markup("").join(
        Markup(f"<{mark}>{{}}</{mark}>").format(part) if changed else escape(part)
        for part, changed in segments
    )
    return Markup(
        '<tr class="{}"><td class="diff-no">{}</td><td class="diff-no">{}</td>'
        '<td class="diff-sign"><span aria-hidden="true">{}</span></td>'
        '<td class="diff-text">{}</td></tr>\n'
    ).format(
        css, "" if old_no is None else old_no, "" if new_no is None else new_no, _SIGN[css], text
    )
