"""Hypothesis strategies for hostile form input: each field is valid, hostile, missing or doubled.

A value is a string, a list of strings (the field sent several times), a `Live` (a value read
from the database just before the request, such as an object's current version) or an `Upload`.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

# Scripts and characters that break naive handling: RTL and zero-width marks, combining marks,
# half-width katakana, fullwidth and Arabic-Indic digits, emoji with joiners, an unpaired BOM.
MIXED = (
    "須崎市",
    "ｽｻｷｼ",
    "Ꭰ Москва مرحبا עברית",
    "\u202eevil\u202c",
    "a\u200bb\u200dc\ufeff",
    "e\u0301\u0301\u0301",
    "１２３４",
    "١٢٣",
    "👨\u200d👩\u200d👧 🇯🇵",
    "髙﨑 𠮷野家",
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% if %}",
    "' OR 1=1 --",
    "%s %(x)s {0}",
    "../../etc/passwd",
)
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\x85\u2028\u2029"
BAD_NUMBERS = (
    "",
    " ",
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "1e-400",
    "NaN",
    "-inf",
    "Infinity",
    "0x10",
    "1_000",
    "1,000,000",
    "１２３",
    "١٢٣",
    "9" * 40,
    "-9" * 20,
    str(2**63),
    str(2**31),
    str(-(2**63) - 1),
    "1" * 5000,
    "12円",
    "１,０００",
    # Exponent bombs: exact arithmetic on these took seconds to minutes (issue 11).
    "1e-150000",
    "1E-999999999",
    "1e999999999",
    "0e-99999999",
    "-1e-150000",
    "9.9999e12",
    "1." + "0" * 60 + "1",
)
BAD_DATES = (
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "0001-01-01",
    "0001-01-01T00:00",  # nine hours before it is no date (Japan to UTC)
    "2101-01-01T09:00",
    "1868-01-01",
    "9999-12-31",
    "99999-01-01",
    "2026-1-1",
    "令和8年5月1日",
    "2026-05-01T25:00",
    "0001-01-01T00:00",
    "0001-01-01T08:59",
    "9999-12-31T23:59",
    "2026-05-01T09:00:00+09:00",
    "2026/05/01",
)
HUGE_ID = 2**63 + 7


def pdf_bomb(inflated: int = 5 * 1024 * 1024) -> bytes:
    """A few KB of PDF whose compressed cross-reference stream inflates to `inflated` bytes."""
    head = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    )
    packed = zlib.compress(b"\x01\x00\x00\x0f\x00" * (inflated // 5), 9)
    xref = (
        b"3 0 obj\n<< /Type /XRef /Size %d /W [1 3 1] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % (inflated // 5, len(packed))
    )
    return head + xref + packed + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % len(head)


# Files that are costly or odd to parse: bombs, deep nesting, lies about lengths, truncation.
ODD_FILES = (
    pdf_bomb(),
    pdf_bomb(50 * 1024 * 1024),
    b"%PDF-1.7\n1 0 obj\n" + b"[" * 100_000 + b"]" * 100_000 + b"\nendobj\n%%EOF\n",
    b"%PDF-1.7\n1 0 obj\n<< /Length 99999999999 >>\nstream\n" + b"x" * 1000,
    b"%PDF-1.7\n" + b"1 0 obj\n<< /A 1 0 R >>\nendobj\n" * 5000 + b"startxref\n0\n%%EOF",
    b"%PDF-",
    b"PK\x03\x04" + bytes(200),
    "須崎市,人口,1e-150000\n".encode() * 20_000,
    b'"' + b"1" * 200_000 + b'"\n',
)


@dataclasses.dataclass(frozen=True)
class Live:
    """A value computed at request time (inside an app context), e.g. the current version."""

    read: Callable[[], Any]


@dataclasses.dataclass(frozen=True)
class Upload:
    content: bytes
    filename: str


@dataclasses.dataclass(frozen=True)
class Field:
    valid: st.SearchStrategy
    hostile: st.SearchStrategy
    text: bool = False  # free text the app stores (tests/test_text_check.py posts 📞 into it)


def _insert(text: str, char: str, at: int) -> str:
    at = at % (len(text) + 1)
    return text[:at] + char + text[at:]


def with_char(base: st.SearchStrategy[str], chars: str) -> st.SearchStrategy[str]:
    """A base value with one of `chars` inserted somewhere."""
    return st.builds(_insert, base, st.sampled_from(chars), st.integers(0, 1000))


short_jp = st.text(
    alphabet="協議会須崎市中土佐町四万十あいうアイウ一二三、。 ", min_size=1, max_size=30
)
optional_short_jp = st.one_of(st.just(""), short_jp)
long_text = st.builds(
    lambda char, n: char * n,
    st.sampled_from(["あ", "a", "𠮷", "\x00", "\n"]),
    st.sampled_from([201, 501, 5_001, 10_001, 20_001, 50_001, 100_001]),
)
hostile_text = st.one_of(
    st.text(max_size=40),
    with_char(short_jp, "\x00"),
    with_char(short_jp, CONTROL),
    st.text(alphabet=CONTROL, min_size=1, max_size=10),
    st.sampled_from(MIXED),
    long_text,
    st.just(""),
    st.just("   "),
)
hostile_number = st.one_of(
    st.sampled_from(BAD_NUMBERS), st.integers(-(2**70), 2**70).map(str), hostile_text
)
hostile_date = st.one_of(
    st.sampled_from(BAD_DATES),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    hostile_text,
)


def hostile_ids(pool: list[int]) -> st.SearchStrategy[str]:
    """Ids of the wrong kind: other members', other consortia's, missing, huge, negative."""
    return st.one_of(
        st.sampled_from([*pool, 0, -1, 999_999, 2**31, HUGE_ID]).map(str), hostile_number
    )


def hostile_any(pool: list[int]) -> st.SearchStrategy:
    single = st.one_of(hostile_text, hostile_number, hostile_date, hostile_ids(pool))
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def text(max_size: int = 30, *, valid: st.SearchStrategy | None = None) -> Field:
    return Field(valid or short_jp, hostile_text, text=True)


def optional_text() -> Field:
    return Field(optional_short_jp, hostile_text, text=True)


def choice(*values: str) -> Field:
    return Field(st.sampled_from(values), hostile_text)


def number(valid: st.SearchStrategy) -> Field:
    return Field(valid, hostile_number)


def current(read: Callable[[], Any]) -> Field:
    """A number the server checks against the database (a version, a revision)."""
    return Field(st.just(Live(read)), hostile_number)


def ids(valid: list[int] | Callable[[], Any], pool: list[int]) -> Field:
    strategy = st.just(Live(valid)) if callable(valid) else st.sampled_from(valid).map(str)
    return Field(strategy, hostile_ids(pool))


def date(lo: str = "2026-01-01") -> Field:
    return Field(st.sampled_from([lo, "2027-04-01", "2030-12-31"]), hostile_date)


def datetime_local(value: str = "2026-12-10T10:00") -> Field:
    return Field(st.sampled_from([value, "2027-01-05T13:30"]), hostile_date)


def next_path() -> Field:
    """Where to go back to: a path of this site, or one that leaves it or breaks the header."""
    hostile = st.one_of(
        st.sampled_from(["//evil.example", "/\\evil.example", "https://evil.example/", "/%0d%0a"]),
        hostile_text.map(lambda text: "/" + text),
        hostile_text,
    )
    return Field(st.sampled_from(["", "/", "/account/password"]), hostile)


def checkbox() -> Field:
    return Field(st.sampled_from(["y", ""]), hostile_text)


def upload(valid: st.SearchStrategy[bytes]) -> Field:
    names = st.sampled_from(["data.csv", "a.pdf", "", "\x00.csv", "../../x.csv", "指標.csv"])
    content = st.one_of(
        valid,
        st.binary(max_size=300),
        hostile_text.map(lambda s: s.encode("utf-8", "replace")),
        st.sampled_from(ODD_FILES),
    )
    return Field(st.builds(Upload, valid, st.just("data.csv")), st.builds(Upload, content, names))


# File names that break naive handling: paths, quotes, line breaks (raw and as browsers escape
# them), bidi overrides, NUL, a page's extension, nothing at all, very long.
HOSTILE_NAMES = (
    "",
    ".pdf",
    "../../資料.pdf",
    "C:\\Users\\a\\資料.pdf",
    '協定書"案".pdf',
    "協定書%22案%22%0A.pdf",
    "改行\n.pdf",
    "\x00.pdf",
    "evil\u202efdp.exe",
    "page.html",
    "image.svg",
    "あ" * 5000 + ".pdf",
    "👨\u200d👩\u200d👧.pdf",
)


def document_upload(valid: dict[str, bytes]) -> Field:
    """A file of an accepted kind under a matching name; hostile: other contents and names."""
    good = st.sampled_from(sorted(valid.items())).map(lambda pair: Upload(pair[1], pair[0]))
    names = st.one_of(st.sampled_from(HOSTILE_NAMES), st.sampled_from(sorted(valid)), hostile_text)
    content = st.one_of(
        st.sampled_from(sorted(valid.values())),
        st.binary(max_size=300),
        hostile_text.map(lambda s: s.encode("utf-8", "replace")),
        st.sampled_from(ODD_FILES),
    )
    return Field(good, st.builds(Upload, content, names))


@st.composite
def form_data(draw: st.DrawFn, fields: dict[str, Field], pool: list[int]) -> dict[str, Any]:
    """Every field valid, then up to three made hostile, perhaps one left out, and junk added."""
    data = {name: draw(field.valid) for name, field in fields.items()}
    names = list(fields)
    if names:
        for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
            data[name] = draw(fields[name].hostile)
        for name in draw(st.lists(st.sampled_from(names), max_size=1, unique=True)):
            del data[name]
    extra = draw(st.dictionaries(st.text(min_size=1, max_size=12), hostile_text, max_size=2))
    return {k: v for k, v in extra.items() if k not in fields} | data


def path_arg(valid: list[str]) -> st.SearchStrategy[str]:
    """A string URL segment: a known value or a hostile one (quoted by the caller)."""
    return st.one_of(st.sampled_from(valid), hostile_text.filter(lambda s: 0 < len(s) < 500))
