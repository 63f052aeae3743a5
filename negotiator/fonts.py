"""Which characters the shipped fonts can print; every text that may reach a PDF is checked on save.

The PDF templates draw text with two font chains: IPAex Mincho then IPAmj Mincho (body), and
IPAex Gothic then IPAmj Mincho (records). A character passes when each chain has a glyph for it;
anything else would fall through to whatever font the server happens to have (or to an empty
box), so the output would depend on the host. An ideographic variation sequence (葛󠄀 = U+845B
U+E0100) passes when the font that draws its base character maps the sequence in its cmap
format-14 table: HarfBuzz then draws the variant glyph; an unmapped one would silently print the
base glyph, so it is refused.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts" / "ipaex"
MINCHO = FONT_DIR / "ipaexm.ttf"
GOTHIC = FONT_DIR / "ipaexg.ttf"
FONTS = (MINCHO, GOTHIC)
# The PDF template falls back to IPAmj Mincho (Debian fonts-ipamj-mincho, installed by the
# Makefile) for names outside JIS X 0213; it counts only where it is installed.
FALLBACK = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
# Categories with no visible shape of their own: named in messages, never quoted.
INVISIBLE = {"Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me", "Zs", "Zl", "Zp"}
UNNAMED = {"Cn": "UNASSIGNED", "Co": "PRIVATE USE", "Cs": "SURROGATE"}
WHITESPACE = frozenset(" \t\n\r\u3000")


@dataclasses.dataclass(frozen=True)
class FontMap:
    characters: frozenset[int]
    sequences: frozenset[tuple[int, int]]  # (base, variation selector) pairs the font maps


def is_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


@cache
def _font(path: Path) -> FontMap:
    with TTFont(path, lazy=True) as font:
        table = font["cmap"].getcmap(0, 5)  # format 14: variation sequences
        uvs = table.uvsDict if table is not None else {}
        sequences = frozenset((base, vs) for vs, pairs in uvs.items() for base, _glyph in pairs)
        return FontMap(frozenset(font.getBestCmap()), sequences)


def _chains() -> list[list[FontMap]]:
    fallback = [_font(FALLBACK)] if FALLBACK.exists() else []
    return [[_font(MINCHO), *fallback], [_font(GOTHIC), *fallback]]


def _drawn(chain: list[FontMap], base: int, selector: int | None) -> bool:
    for font in chain:
        if base in font.characters:  # the first font with the base character draws it
            return selector is None or (base, selector) in font.sequences
    return False


@cache
def _printable() -> tuple[frozenset[str], frozenset[str]]:
    """The characters, and the base + selector sequences, that every chain draws."""
    chains = _chains()
    codes = set.intersection(*({c for font in chain for c in font.characters} for chain in chains))
    candidates = {s for chain in chains for font in chain for s in font.sequences}
    sequences = {s for s in candidates if all(_drawn(chain, *s) for chain in chains)}
    return (
        frozenset(chr(c) for c in codes if all(_drawn(chain, c, None) for chain in chains)),
        frozenset(chr(base) + chr(vs) for base, vs in sequences),
    )


def _prints(base: str, selector: str | None = None) -> bool:
    characters, sequences = _printable()
    return base + selector in sequences if selector else base in characters


def _skipped(char: str) -> bool:
    # Line breaks and spaces are laid out, not drawn; control characters have their own check.
    return char.isspace() or unicodedata.category(char) == "Cc"


def unprintable(text: str) -> list[str]:
    """Characters (or base + selector sequences) of `text` the PDF fonts cannot show, once each."""
    if not set(text) - _printable()[0] - WHITESPACE:
        return []  # the common case, in one set operation
    found: list[str] = []
    for index, char in enumerate(text):
        if _skipped(char):
            continue
        base = text[index - 1] if index else ""
        if is_selector(char):
            if base and not _skipped(base) and not is_selector(base):
                bad = "" if _prints(base, char) else base + char
            else:
                bad = char  # a selector with nothing to select
        elif index + 1 < len(text) and is_selector(text[index + 1]):
            bad = ""  # judged with its selector
        else:
            bad = "" if _prints(char) else char
        if bad and bad not in found:
            found.append(bad)
    return found


def name(char: str) -> str:
    """U+E0100 VARIATION SELECTOR-17 style: the code point and its Unicode name."""
    category = unicodedata.category(char)
    label = unicodedata.name(char, "") or UNNAMED.get(category, category)
    return f"U+{ord(char):04X} {label}"


def _describe_one(chars: str) -> str:
    first, rest = chars[0], chars[1:]
    if unicodedata.category(first) in INVISIBLE:
        text = name(first)
    else:
        text = f"「{first}」({name(first)})"
    return text + "".join(f" + {name(c)}" for c in rest)


def describe(found: list[str]) -> str:
    """「📞」(U+1F4DE TELEPHONE RECEIVER) style list for messages; invisible ones by name only."""
    return "、".join(_describe_one(chars) for chars in found)


def problem(*texts: str) -> str | None:
    """A message naming the characters that could not be printed, or None if all can be."""
    from flask_babel import gettext

    found: list[str] = []
    for text in texts:
        found += [c for c in unprintable(text or "") if c not in found]
    if not found:
        return None
    return gettext(
        "印刷できない文字が含まれています: %(chars)s。別の字に置き換えてください。",
        chars=describe(found),
    )
