"""Turn an agreed proposal text (Markdown) into the plain paragraphs of an agreement article."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_ITEM = re.compile(r"^\s{0,3}(?:\d+[.)]|[-*+])\s+")
TABLE_NOTE = "（表は別表のとおり）"
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


def lead_in(topic: str) -> str:
    """The sentence before an enumeration (柱書)."""
    return f"{topic}は、次のとおりとする。"


def article_body(markdown: str, caption: str = "") -> str:
    """Plain text for an article: headings dropped (the caption says it), lists as （1）（2）….

    A list that opens a paragraph gets a lead-in sentence (柱書) naming the heading above it, or
    the caption: legal text never starts with an enumeration.
    """
    lines: list[str] = []
    topic, number = caption, 0
    for raw in markdown.replace("\r\n", "\n").split("\n"):
        if heading := _HEADING.match(raw):
            topic = _EMPHASIS.sub(r"\2", heading[1]).strip() or caption
            continue
        if raw.lstrip().startswith("|"):
            # A table in a proposal is annexed to the agreement (別表), not repeated in prose.
            if not lines or lines[-1] != TABLE_NOTE:
                lines.append(TABLE_NOTE)
            continue
        if _ITEM.match(raw):
            if number == 0 and (not lines or not lines[-1]) and topic:
                lines.append(lead_in(topic))
            number += 1
            raw = _ITEM.sub(f"（{number}）", raw)
        else:
            number = 0
        lines.append(_EMPHASIS.sub(r"\2", raw).rstrip())
    text = "\n".join(lines).strip()
    # Items of one list stay in one paragraph; blank lines separate paragraphs.
    return re.sub(r"\n{3,}", "\n\n", text)
