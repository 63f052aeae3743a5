"""What the shipped fonts can print (negotiator/fonts.py), and that WeasyPrint prints it so.

Ideographic variation sequences: IPAex maps 葛󠄀 (U+845B U+E0100) and 辻󠄀 (U+8FBB U+E0100) to
variant glyphs in its cmap format-14 table. They are accepted, and the PDF shows the variant,
not the base glyph (compared as pixels, rendered by poppler); a selector no font maps for its
base would silently print the base glyph, so it is refused, named, never shown invisibly.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from negotiator import fonts
from negotiator.pdf import render_pdf

KATSURA, KATSURA_IVS = "葛", "葛\U000e0100"
TSUJI, TSUJI_IVS = "辻", "辻\U000e0100"
PAGE = """<html><head><style>
@font-face {{ font-family: "IPAexMincho"; src: url("fonts/ipaex/ipaexm.ttf"); }}
@page {{ size: 30mm 30mm; margin: 2mm; }}
html {{ font-family: "IPAexMincho"; font-size: 60pt; line-height: 1; }}
</style></head><body>{}</body></html>"""


@pytest.mark.parametrize("text", [KATSURA_IVS, TSUJI_IVS, "葛\U000e0101", "𠮷田", "髙﨑 ①※〒"])
def test_printable(text: str) -> None:
    assert fonts.unprintable(text) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("障害対応📞", "「📞」(U+1F4DE TELEPHONE RECEIVER)"),
        ("注意⚠", "「⚠」(U+26A0 WARNING SIGN)"),
        ("注意⚠\ufe0f", "「⚠」(U+26A0 WARNING SIGN) + U+FE0F VARIATION SELECTOR-16"),
        ("山田😀", "「😀」(U+1F600 GRINNING FACE)"),
        (
            "葛\U000e0105",
            "「葛」(U+845B CJK UNIFIED IDEOGRAPH-845B) + U+E0105 VARIATION SELECTOR-22",
        ),
        ("\U000e0100葛", "U+E0100 VARIATION SELECTOR-17"),
        ("私用\ue000", "U+E000 PRIVATE USE"),
        ("evil\u202eevil", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("未割当\u0378", "U+0378 UNASSIGNED"),
    ],
)
def test_refused_with_code_point_and_name(text: str, named: str) -> None:
    assert fonts.describe(fonts.unprintable(text)) == named


def test_the_font_maps_the_sequences_it_is_trusted_for() -> None:
    with TTFont(fonts.MINCHO, lazy=True) as font:
        uvs = font["cmap"].getcmap(0, 5).uvsDict[0xE0100]
    variants = {base: glyph for base, glyph in uvs}
    assert variants[ord(KATSURA)] and variants[ord(TSUJI)]  # a glyph of its own, not default


def _pixels(text: str, tmp_path: Path, name: str) -> bytes:
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(render_pdf(PAGE.format(text), pdf_variant=None))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-gray", "-singlefile", pdf, tmp_path / name], check=True
    )
    return (tmp_path / f"{name}.pgm").read_bytes()


def test_a_variation_sequence_prints_its_variant_glyph(tmp_path: Path) -> None:
    for base, sequence in ((KATSURA, KATSURA_IVS), (TSUJI, TSUJI_IVS)):
        plain = _pixels(base, tmp_path, "plain")
        assert _pixels(sequence, tmp_path, "variant") != plain, sequence
        assert _pixels(base, tmp_path, "again") == plain  # the comparison itself is stable
