"""How the minutes number what they list: by position, never by what a title happens to say.

Sections are 1, 2, 3 … and agenda entries (1), (2) … in agenda order. A title that itself
starts with a number (「2. 費用負担」, 「２０２６年度…」, 「①…」) is put in 「」 so that its
number cannot be read as the document's own numbering.
"""

from __future__ import annotations

import re

# Digits (ASCII, full-width), circled and parenthesised numbers, Roman numerals, 「(1)」, 「第2」.
_NUMBER_LIKE = re.compile(r"^\s*(?:[0-9０-９①-⑳⑴-⒇Ⅰ-Ⅻⅰ-ⅻ]|[(（][0-9０-９]|第[0-9０-９])")


def entry_label(position: int) -> str:
    """The label of the agenda entry at this 1-based position: (1), (2) …"""
    if position < 1:
        raise ValueError("agenda positions start at 1")
    return f"({position})"


def safe_title(title: str) -> str:
    """The title as printed after a label: quoted when it starts with a number of its own."""
    title = title.strip()
    return f"「{title}」" if _NUMBER_LIKE.match(title) else title


def agenda_heading(position: int, title: str) -> str:
    """「(2)　予算の配分」, 「(3)　「2. 費用負担」」: the label, a full-width space, the title."""
    return f"{entry_label(position)}\u3000{safe_title(title)}"
