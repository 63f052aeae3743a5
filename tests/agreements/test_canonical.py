import ast
import dataclasses
import hashlib
import json
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.agreements.assembly import (
    AgreementInput,
    AnnexInput,
    ArticleInput,
    Paragraph,
    Party,
    assemble,
)
from negotiator.agreements.canonical import canonical_json, content_hash

# Kanji, kana, rare name characters (髙 﨑 濵 邊, and 𠮷 outside the BMP), digits and symbols.
ALPHABET = "市町村甲乙丙目的経費負担割合本文条項あいうアイウ髙﨑濵邊𠮷〒①0123456789ABC"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=8)
bodies = st.lists(words, min_size=1, max_size=3).map("\n\n".join)
dates = st.dates(min_value=date(1989, 1, 8), max_value=date(2100, 12, 31))


@st.composite
def agreement_inputs(draw: st.DrawFn) -> AgreementInput:
    names = draw(st.lists(words, min_size=2, max_size=12, unique=True))
    columns = draw(st.lists(words, min_size=1, max_size=3))
    rows = draw(st.lists(st.lists(words, min_size=len(columns), max_size=len(columns))))
    return AgreementInput(
        title=draw(words),
        subject=draw(words),
        parties=tuple(Party(n, draw(words), draw(words), draw(words)) for n in names),
        articles=tuple(
            ArticleInput(caption, body)
            for caption, body in draw(st.lists(st.tuples(words, bodies), min_size=1, max_size=6))
        ),
        annexes=(AnnexInput(draw(words), columns, rows),),
        effective_date=draw(st.none() | dates),
        term=draw(st.just("") | words),
        signing_date=draw(st.none() | dates),
        include_consultation_article=draw(st.booleans()),
    )


@settings(database=None)
@given(agreement_inputs())
def test_hash_is_stable_under_reassembly(inp: AgreementInput) -> None:
    # Rebuild the input from lists, as a caller reading the database would.
    rebuilt = dataclasses.replace(
        inp, parties=list(inp.parties), articles=list(inp.articles), annexes=list(inp.annexes)
    )
    assert canonical_json(assemble(inp)) == canonical_json(assemble(rebuilt))
    assert content_hash(assemble(inp)) == content_hash(assemble(rebuilt))
    assert content_hash(inp) == content_hash(rebuilt)


@settings(database=None)
@given(agreement_inputs(), st.data())
def test_hash_changes_when_any_article_body_changes(
    inp: AgreementInput, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(inp.articles) - 1))
    extra = data.draw(words)
    articles = list(inp.articles)
    articles[index] = dataclasses.replace(articles[index], body=articles[index].body + extra)
    changed = dataclasses.replace(inp, articles=tuple(articles))
    assert content_hash(assemble(changed)) != content_hash(assemble(inp))
    assert content_hash(changed) != content_hash(inp)


@settings(database=None)
@given(agreement_inputs())
def test_serialisation_is_compact_sorted_utf8_json(inp: AgreementInput) -> None:
    raw = canonical_json(assemble(inp))
    decoded = json.loads(raw.decode("utf-8"))
    again = json.dumps(decoded, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert again.encode("utf-8") == raw


def test_exact_bytes() -> None:
    expected = (
        '{"content":{"number":2,"text":"髙﨑"},'
        '"format":"negotiator.agreement/1","type":"Paragraph"}'
    )
    assert canonical_json(Paragraph(2, "髙﨑")) == expected.encode("utf-8")


def test_hash_is_sha256_of_the_bytes() -> None:
    value = Paragraph(None, "本文")
    digest = content_hash(value)
    assert digest == hashlib.sha256(canonical_json(value)).hexdigest()
    assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")


def test_dates_are_iso_and_keys_sorted() -> None:
    inp = AgreementInput(
        title="協定書",
        subject="共同利用",
        parties=(Party("甲市", "", "", ""), Party("乙町", "", "", "")),
        articles=(ArticleInput("目的", "本文"),),
        annexes=(),
        effective_date=date(2026, 4, 1),
        term="",
        signing_date=None,
    )
    text = canonical_json(inp).decode("utf-8")
    assert '"effective_date":"2026-04-01"' in text
    assert '"signing_date":null' in text
    assert text.index('"annexes"') < text.index('"articles"') < text.index('"effective_date"')
    doc_text = canonical_json(assemble(inp)).decode("utf-8")
    assert '"date_line":"令和\u3000年\u3000月\u3000日"' in doc_text
    assert content_hash(inp) != content_hash(assemble(inp))


def test_compatibility_ideographs_are_not_normalised() -> None:
    # U+FA19 and U+795E are both 神; NFC would fold one into the other and change a name.
    assert content_hash(Paragraph(None, "\ufa19")) != content_hash(Paragraph(None, "\u795e"))


@pytest.mark.parametrize(
    "value",
    [Paragraph(None, 1.5), Paragraph(None, datetime(2026, 4, 1)), Paragraph(None, {1: "x"})],  # type: ignore[arg-type]
)
def test_inexact_values_are_refused(value: Paragraph) -> None:
    with pytest.raises(TypeError):
        canonical_json(value)


@pytest.mark.parametrize("value", [{"a": 1}, Paragraph, "text"])
def test_only_dataclass_instances_are_serialised(value: object) -> None:
    with pytest.raises(TypeError):
        canonical_json(value)


def test_agreement_modules_import_only_the_standard_library() -> None:
    # The assembly must stay usable without Flask or the database (templates only lay it out).
    package = Path(__file__).parents[2] / "negotiator" / "agreements"
    for name in ("era.py", "assembly.py", "canonical.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                allowed = top in sys.stdlib_module_names or module.startswith(
                    "negotiator.agreements"
                )
                assert allowed, f"{name} imports {module}"
