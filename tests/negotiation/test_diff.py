"""Diffs between proposal revisions: line alignment, character highlighting, escaping."""

from __future__ import annotations

import time
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from negotiator.negotiation.diff import (
    DiffLine,
    diff_chars,
    diff_texts,
    render_diff_html,
    split_lines,
)

OLD = "職員は庁舎内からのみ接続できる。"
NEW = "職員は庁舎内及び支所からのみ接続できる。"


def _text(segments: tuple[tuple[str, bool], ...]) -> str:
    return "".join(text for text, _ in segments)


def _changed(segments: tuple[tuple[str, bool], ...]) -> list[str]:
    return [text for text, changed in segments if changed]


def test_equal_texts() -> None:
    lines = diff_texts("第1条\n第2条\n", "第1条\n第2条\n")
    assert [line.kind for line in lines] == ["equal", "equal"]
    assert [(line.old_no, line.new_no) for line in lines] == [(1, 1), (2, 2)]
    assert lines[1].old_segments == lines[1].new_segments == (("第2条", False),)


def test_empty_texts() -> None:
    assert diff_texts("", "") == []
    assert [line.kind for line in diff_texts("", "a")] == ["insert"]
    assert [line.kind for line in diff_texts("a", "")] == ["delete"]


def test_line_endings_and_final_newline_do_not_count() -> None:
    lines = diff_texts("一\r\n二\r\n", "一\n二")
    assert all(line.kind == "equal" for line in lines)
    assert split_lines("a\rb\r\nc\n") == ["a", "b", "c"]
    assert split_lines("a\n\n") == ["a", ""]


def test_insert_line() -> None:
    lines = diff_texts("一\n三", "一\n二\n三")
    assert lines[1] == DiffLine("insert", None, 2, (), (("二", True),))
    assert (lines[2].kind, lines[2].old_no, lines[2].new_no) == ("equal", 2, 3)


def test_delete_line() -> None:
    lines = diff_texts("一\n二\n三", "一\n三")
    assert lines[1] == DiffLine("delete", 2, None, (("二", True),), ())
    assert (lines[2].kind, lines[2].old_no, lines[2].new_no) == ("equal", 3, 2)


def test_replace_highlights_inserted_characters_in_japanese() -> None:
    [line] = diff_texts(OLD, NEW)
    assert (line.kind, line.old_no, line.new_no) == ("replace", 1, 1)
    assert line.old_segments == ((OLD, False),)
    assert line.new_segments == (
        ("職員は庁舎内", False),
        ("及び支所", True),
        ("からのみ接続できる。", False),
    )


def test_replace_highlights_substituted_characters() -> None:
    old_segs, new_segs = diff_chars("費用は均等に負担する。", "費用は人口比で負担する。")
    assert _changed(old_segs) == ["均等に"]
    assert _changed(new_segs) == ["人口比で"]
    assert _text(old_segs) == "費用は均等に負担する。"


def test_single_matching_character_between_changes_is_absorbed() -> None:
    # "は" matches on both sides; highlighting it alone would fragment the change.
    old_segs, new_segs = diff_chars("甲は乙", "丙は丁")
    assert old_segs == (("甲は乙", True),)
    assert new_segs == (("丙は丁", True),)


def test_line_numbers_across_a_mixed_diff() -> None:
    old = "前文\n第1条 目的\n第2条 定義\n第3条 削除\n附則"
    new = "前文\n第1条 趣旨\n第2条 定義\n附則\n別表"
    rows = [(line.kind, line.old_no, line.new_no) for line in diff_texts(old, new)]
    assert rows == [
        ("equal", 1, 1),
        ("replace", 2, 2),
        ("equal", 3, 3),
        ("delete", 4, None),
        ("equal", 5, 4),
        ("insert", None, 5),
    ]


def test_render_marks_rows_and_changed_segments() -> None:
    html = render_diff_html(diff_texts(f"前文\n{OLD}\n削除行", f"前文\n{NEW}"))
    assert isinstance(html, Markup)
    assert html.count('class="diff-eq"') == 1
    assert html.count('class="diff-del"') == 2
    assert html.count('class="diff-ins"') == 1
    assert "職員は庁舎内<ins>及び支所</ins>からのみ接続できる。" in html
    assert "<del>削除行</del>" in html


def test_render_escapes_everything() -> None:
    html = render_diff_html(diff_texts("<script>alert(1)</script>", '<script>alert(2)</script>"&'))
    assert "<script" not in html
    assert "&lt;script&gt;alert(<del>1</del>)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(<ins>2</ins>)&lt;/script&gt;<ins>&#34;&amp;</ins>" in html


def test_render_empty_diff() -> None:
    assert "<tbody>\n</tbody>" in render_diff_html([])


def test_two_hundred_line_texts_are_fast() -> None:
    old = "\n".join(
        f"第{i}条 職員は庁舎内からのみ接続できる。回線費は均等に負担する。" for i in range(200)
    )
    new = "\n".join(
        f"第{i}条 職員は庁舎内及び支所からのみ接続できる。" if i % 3 else f"第{i}条 新設"
        for i in range(200)
    )
    # CPU time, not the clock: on a loaded machine the wall clock measures the other work.
    start = time.process_time()
    render_diff_html(diff_texts(old, new))
    assert time.process_time() - start < 2.0


def _rebuild(lines: list[DiffLine]) -> tuple[list[str], list[str]]:
    old = [_text(line.old_segments) for line in lines if line.old_no is not None]
    new = [_text(line.new_segments) for line in lines if line.new_no is not None]
    return old, new


_lines = st.lists(
    st.one_of(
        st.sampled_from(["", "職員は庁舎内", "からのみ", "接続できる。", "①", "「」"]), st.text()
    ),
    max_size=12,
)
_texts = _lines.map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_texts, _texts)
def test_diff_reconstructs_both_texts(old: str, new: str) -> None:
    lines = diff_texts(old, new)
    rebuilt_old, rebuilt_new = _rebuild(lines)
    assert rebuilt_old == split_lines(old)
    assert rebuilt_new == split_lines(new)
    assert [line.old_no for line in lines if line.old_no] == list(range(1, len(rebuilt_old) + 1))
    assert [line.new_no for line in lines if line.new_no] == list(range(1, len(rebuilt_new) + 1))
    for line in lines:
        if line.kind == "equal":
            assert line.old_segments == line.new_segments
            assert not _changed(line.old_segments)
        if line.kind in ("insert", "delete"):
            assert all(changed for _, changed in line.old_segments + line.new_segments)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_char_segments_reconstruct_and_alternate(old: str, new: str) -> None:
    old_segs, new_segs = diff_chars(old, new)
    assert _text(old_segs) == old
    assert _text(new_segs) == new
    for segments in (old_segs, new_segs):
        assert all(text for text, _ in segments)
        flags = [changed for _, changed in segments]
        assert all(a != b for a, b in pairwise(flags))
