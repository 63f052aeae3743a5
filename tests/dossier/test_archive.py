"""The dossier's file names and ZIP: safe on every system, Japanese kept, deterministic."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from negotiator.dossier.archive import NAME_LENGTH, safe_name, safe_path, unique, zip_bytes


def test_names_typed_by_users_are_made_safe():
    assert safe_name("第001号_アクセス権制御ポリシー") == "第001号_アクセス権制御ポリシー"
    assert safe_name('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j"
    assert safe_name("改行\nと\tタブ\x00") == "改行_と_タブ_"
    assert safe_name("  ..隠し.pdf  ") == "隠し.pdf"
    assert safe_name("CON") == "_CON" and safe_name("nul.txt") == "_nul.txt"
    assert safe_name("...") == "無題" and safe_name("") == "無題"
    assert safe_name("ｶﾞ") == "ｶﾞ"  # NFC keeps half-width kana as typed
    long = safe_name("長" * 500 + ".pdf")
    assert long == "長" * NAME_LENGTH + ".pdf"


def test_paths_never_climb_out_and_duplicates_are_numbered():
    assert safe_path("../../etc/passwd") == "etc/passwd"
    assert safe_path("/資料//第1号\\見積書.pdf") == "資料/第1号/見積書.pdf"
    assert unique(["a/見積書.pdf", "a/見積書.pdf", "a/見積書.PDF", "b"]) == [
        "a/見積書.pdf",
        "a/見積書_2.pdf",
        "a/見積書_3.PDF",
        "b",
    ]


def test_the_zip_is_the_same_bytes_for_the_same_files_with_utf8_names():
    files = [("00_目録.txt", "目録".encode()), ("01_協議事項/第001号.pdf", b"%PDF-1.7")]
    when = dt.datetime(2026, 12, 3, 9, 30)
    first = zip_bytes(files, when)
    assert first == zip_bytes(files, when)
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == [name for name, _data in files]
    assert all(info.flag_bits & 0x800 for info in archive.infolist())
    assert archive.getinfo("00_目録.txt").date_time == (2026, 12, 3, 9, 30, 0)
    assert archive.read("01_協議事項/第001号.pdf") == b"%PDF-1.7"
