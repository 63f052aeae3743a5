"""Agreed Markdown becomes plain article paragraphs."""

from __future__ import annotations

import pytest

from negotiator.agreements.plaintext import TABLE_NOTE, article_body


@pytest.mark.parametrize(
    "markdown,expected",
    [
        ("## 方針\n\n職員は庁舎内から接続する。", "職員は庁舎内から接続する。"),
        ("1. 一つ目\n2. 二つ目", "(1) 一つ目\n(2) 二つ目"),
        ("- 端末を限定する\n- **多要素認証**を使う", "・端末を限定する\n・多要素認証を使う"),
        ("前文\n\n| 団体 | 額 |\n|---|---|\n| 甲 | 1 |\n\n後文", f"前文\n\n{TABLE_NOTE}\n\n後文"),
        ("一段落\n\n\n\n二段落", "一段落\n\n二段落"),
    ],
)
def test_article_body(markdown, expected):
    assert article_body(markdown) == expected
