"""Which characters the shipped fonts can print; text that goes into a PDF is checked on save."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts" / "ipaex"
FONTS = (FONT_DIR / "ipaexm.ttf", FONT_DIR / "ipaexg.ttf")
# The PDF template falls back to IPAmj Mincho (Debian fonts-ipamj-mincho, installed by the
# Makefile) for names outside JIS X 0213; it counts only where it is installed.
FALLBACK = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")


@cache
def _covered() -> frozenset[int]:
    points: set[int] = set()
    for path in (*FONTS, FALLBACK):
        if path.exists():
            with TTFont(path, lazy=True) as font:
                points.update(font.getBestCmap())
    return frozenset(points)


def unprintable(text: str) -> list[str]:
    """Characters of `text` that the PDF fonts cannot show (each once, in order)."""
    seen: list[str] = []
    covered = _covered()
    for char in text:
        if char in seen or char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        if ord(char) not in covered:
            seen.append(char)
    return seen


def describe(chars: list[str]) -> str:
    """「𠮷」(U+20BB7) style list for messages."""
    return "、".join(f"「{c}」(U+{ord(c):04X})" for c in chars)


def problem(*texts: str) -> str | None:
    """A message naming the characters that could not be printed, or None if all can be."""
    from flask_babel import gettext

    chars = unprintable("".join(texts))
    if not chars:
        return None
    return gettext(
        "印刷できない文字が含まれています: %(chars)s。別の字に置き換えてください。",
        chars=describe(chars),
    )
