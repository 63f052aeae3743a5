"""Turn an agreed proposal text (Markdown) into the plain paragraphs of an agreement article."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_NUMBERED = re.compile(r"^\s{0,3}(\d+)[.)]\s+")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
TABLE_NOTE = "(表は別表のとおり)"
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


def article_body(markdown: str) -> str:
    """Plain text for an article: headings dropped (the caption says it), lists as (1) / ・."""
    lines: list[str] = []
    for raw in markdown.replace("\r\n", "\n").split("\n"):
        if _HEADING.match(raw):
            continue
        if raw.lstrip().startswith("|"):
            # A table in a proposal is annexed to the agreement (別表), not repeated in prose.
            if not lines or lines[-1] != TABLE_NOTE:
                lines.append(TABLE_NOTE)
            continue
        line = _NUMBERED.sub(lambda m: f"({m.group(1)}) ", raw)
        line = _BULLET.sub("・", line)
        lines.append(_EMPHASIS.sub(r"\2", line).rstrip())
    text = "\n".join(lines).strip()
    # Items of one list stay in one paragraph; blank lines separate paragraphs.
    return re.sub(r"\n{3,}", "\n\n", text)
