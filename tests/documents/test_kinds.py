"""Issue 14 point 3: which files are accepted (extension AND content), names made safe, and the
download's Content-Disposition (pure, no app)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from negotiator.documents import kinds
from negotiator.errors import FieldError
from tests.documents import files


@pytest.mark.parametrize("name", sorted(files.VALID))
def test_every_kind_is_accepted_by_extension_and_content(name):
    assert kinds.check(name, files.VALID[name]) == kinds.MEDIA_TYPES[kinds.extension(name)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("偽物.pdf", b"<html><script>alert(1)</script>"),  # a page named .pdf
        ("偽物.pdf", files.PNG),
        ("偽物.png", files.PDF),
        ("偽物.jpg", files.GIF),
        ("偽物.gif", files.JPEG),
        ("偽物.doc", files.PDF),
        ("偽物.docx", files.office("xlsx")),  # a spreadsheet renamed
        ("マクロ.docx", files.office("docm")),  # macro-enabled, renamed
        ("偽物.docx", files.OLE2),
        ("偽物.xlsx", b"PK\x03\x04" + bytes(200)),  # not a valid zip
        ("偽物.pptx", files.PDF),
        ("バイナリ.csv", b"a,b\x00c\n"),
        ("バイナリ.txt", b"\xff\xfe\xfa\x00"),
        ("空.pdf", b""),
    ],
)
def test_content_that_does_not_match_is_refused(name, data):
    with pytest.raises(FieldError) as refused:
        kinds.check(name, data)
    assert refused.value.field == "file"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "image.svg", "run.exe", "noext", ".pdf"])
def test_other_kinds_are_refused(name):
    with pytest.raises(FieldError, match="この種類のファイルは添付できません"):
        kinds.check(kinds.clean_name(name), files.PDF)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\須崎\\Desktop\\議案.pdf", "議案.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ('協定 "案".pdf', '協定 "案".pdf'),
        ("改行\nと\rタブ\t.pdf", "改行とタブ.pdf"),
        ("NUL\x00.pdf", "NUL.pdf"),
        ("evil\u202efdp.exe", "evilfdp.exe"),  # the bidi override that shows "exe.pdf" is gone
        ("  前後の空白　.pdf ", "前後の空白.pdf"),
        ("", "資料"),
        ("...pdf", "pdf"),  # no extension left: refused by check()
        (".pdf", "pdf"),
        ("家族👨\u200d👩\u200d👧.pdf", "家族___.pdf"),  # not printable in the PDF fonts
        ("ｶﾀｶﾅ.pdf", "ｶﾀｶﾅ.pdf"),
    ],
)
def test_names_are_cleaned(raw, clean):
    assert kinds.clean_name(raw) == clean


def test_long_names_are_cut_keeping_the_extension():
    name = kinds.clean_name("あ" * 500 + ".xlsx")
    assert len(name) == kinds.NAME_MAX and name.endswith("あ.xlsx")


@pytest.mark.parametrize("name", ['協定書(案)"最終"; v2.pdf', "議事録\u3000第1回.pdf", "a%20b.pdf"])
def test_content_disposition_has_an_ascii_fallback_and_the_real_name(name):
    header = kinds.content_disposition(name)
    assert header.startswith('attachment; filename="')
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.isascii() and '"' not in fallback and "\\" not in fallback
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and not any(c in encoded for c in " \";\\'()")
    assert unquote(encoded) == name


def test_only_allowed_types_are_served():
    assert kinds.served_type("text/html") == "application/octet-stream"
    assert kinds.served_type("image/svg+xml") == "application/octet-stream"
    assert kinds.served_type("text/csv") == "text/csv"
    assert "text/html" not in kinds.SERVED
