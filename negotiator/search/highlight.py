"""Matching words marked with <mark> in text that is otherwise escaped (user text is hostile)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

SNIPPET = 160  # characters of a long text shown around its first match
BEFORE = 40  # of which before the match


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    # Longest first, so that 「アクセス権」 is marked whole when 「アクセス」 is searched too.
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def mark(text: str, terms: list[str]) -> Markup:
    """The whole text, escaped, with every occurrence of a term in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    parts: list[Markup] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup("<mark>%s</mark>") % match.group())
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def snippet(text: str, terms: list[str]) -> Markup:
    """A window of the text around its first match (its start when none), marked."""
    flat = " ".join(text.split())
    pattern = _pattern(terms)
    found = pattern.search(flat) if pattern else None
    start = max(0, found.start() - BEFORE) if found else 0
    end = min(len(flat), start + SNIPPET)
    shown = mark(flat[start:end], terms)
    prefix = Markup("…") if start else Markup("")
    suffix = Markup("…") if end < len(flat) else Markup("")
    return prefix + shown + suffix
