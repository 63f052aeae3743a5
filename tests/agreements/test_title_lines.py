"""Long titles wrap between phrases: in the markup, and on the PDF as pdftotext reads it."""

from __future__ import annotations

import subprocess

import pytest

from negotiator.agreements import document
from negotiator.agreements.title_lines import LONGEST_KEPT, title_phrases
from negotiator.db import db
from tests.agreements.amendment_helpers import executed, start
from tests.agreements.factories import agreement, make_draft
from tests.factories import login

LONG = "高幡地域における情報システム及びグループウェアシステムの共同利用に関する協定書"


@pytest.mark.parametrize(
    "title, phrases",
    [
        (
            "グループウェア共同利用に関する協定の一部を変更する協定書",
            ["グループウェア共同利用に", "関する協定の", "一部を変更する協定書"],
        ),
        (
            LONG,
            ["高幡地域における", "情報システム及び", "グループウェアシステムの", "共同利用に"]
            + ["関する協定書"],
        ),
        (
            "庁内ネットワーク（LGWAN接続系）の共同調達に関する協定書",
            ["庁内ネットワーク", "（LGWAN接続系）の", "共同調達に", "関する協定書"],
        ),
        ("協定書", ["協定書"]),
        ("", []),
    ],
)
def test_titles_are_cut_between_phrases(title, phrases):
    cut = title_phrases(title)
    assert [text for text, _kept in cut] == phrases
    assert "".join(text for text, _kept in cut) == title


def test_a_phrase_too_long_for_a_line_may_still_break():
    long_word = "情" * (LONGEST_KEPT + 1)
    assert title_phrases(f"{long_word}に関する協定書") == (
        (f"{long_word}に", False),
        ("関する協定書", True),
    )


def _lines(pdf: bytes, tmp_path) -> list[str]:  # noqa: ANN001
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The title's letter-spacing shows as spaces in the extracted text.
    return [line.replace(" ", "") for line in text.splitlines()]


def _follows(lines: list[str], first: str, second: str) -> bool:
    return any(a == first and b == second for a, b in zip(lines, lines[1:], strict=False))


def test_the_amendment_title_wraps_before_its_last_phrase(app, world, tmp_path):
    amendment_id = start(app, world, executed(app, world))
    client = app.test_client()
    login(client, "facilitator")
    page = client.get(f"/agreements/{amendment_id}").get_data(as_text=True)
    assert '<span class="phrase">一部を変更する協定書</span>' in page
    with app.app_context(), app.test_request_context():
        lines = _lines(document.render_agreement_pdf(agreement(amendment_id)), tmp_path)
    # Not 「…協定の一部」/「を変更する協定書」, where the line happened to end.
    assert _follows(lines, "グループウェア共同利用に関する協定の", "一部を変更する協定書"), lines


def test_a_long_agreement_title_wraps_between_phrases(app, world, tmp_path):
    agreement_id = make_draft(app, world)
    with app.app_context(), app.test_request_context():
        a = agreement(agreement_id)
        a.title = LONG
        db.session.flush()
        lines = _lines(document.render_agreement_pdf(a), tmp_path)
    first, second = (
        "高幡地域における情報システム及び",
        "グループウェアシステムの共同利用に関する協定書",
    )
    assert _follows(lines, first, second), lines
