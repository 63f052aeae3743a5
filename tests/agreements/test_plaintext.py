"""Agreed Markdown becomes plain article paragraphs, with a lead-in before every enumeration."""

from __future__ import annotations

import pytest

from negotiator.agreements.plaintext import TABLE_NOTE, article_body


@pytest.mark.parametrize(
    "markdown,expected",
    [
        ("## 方針\n\n職員は庁舎内から接続する。", "職員は庁舎内から接続する。"),
        ("1. 一つ目\n2. 二つ目", "接続は、次のとおりとする。\n（1）一つ目\n（2）二つ目"),
        (
            "## 端末の条件\n\n- 端末を限定する\n- **多要素認証**を使う",
            "端末の条件は、次のとおりとする。\n（1）端末を限定する\n（2）多要素認証を使う",
        ),
        ("条件は次のとおり。\n- 甲\n- 乙", "条件は次のとおり。\n（1）甲\n（2）乙"),
        ("前文\n\n| 団体 | 額 |\n|---|---|\n| 甲 | 1 |\n\n後文", f"前文\n\n{TABLE_NOTE}\n\n後文"),
        ("一段落\n\n\n\n二段落", "一段落\n\n二段落"),
    ],
)
def test_article_body(markdown, expected):
    assert article_body(markdown, "接続") == expected
