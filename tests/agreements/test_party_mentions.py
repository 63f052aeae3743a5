"""Articles naming parties by label, pointed out when members join or leave (pure)."""

from __future__ import annotations

import pytest

from negotiator.agreements.party_mentions import (
    ALL_OLD,
    LEAVER,
    SOME,
    ArticleText,
    labels_named,
    party_warnings,
)

FOUR = "甲乙丙丁"
OLD = {"須崎市": "甲", "中土佐町": "乙", "四万十町": "丙"}
JOINED = OLD | {"津野町": "丁"}
LEFT = {"須崎市": "甲", "中土佐町": "乙"}
SWAPPED = LEFT | {"津野町": "丁"}  # 四万十町 left, 津野町 joined


@pytest.mark.parametrize(
    "text, labels, named",
    [
        ("甲は、乙及び丙に連絡する。", FOUR, "甲乙丙"),
        ("甲、乙及び丙は、協議する。", FOUR, "甲乙丙"),
        ("甲又は乙が負担する。", FOUR, "甲乙"),
        ("甲若しくは乙又は丙並びに丁", FOUR, "甲乙丙丁"),
        ("甲乙間の協議により定める。", FOUR, "甲乙"),
        ("甲乙協議の上定める。", FOUR, "甲乙"),
        ("丙以外の当事者", FOUR, "丙"),
        ("乙の負担とする。", FOUR, "乙"),
        # Labels inside words are not labels.
        ("事務所は須崎市山手町1丁目に置く。", FOUR, ""),
        ("丁寧に説明する。", FOUR, ""),
        ("甲斐市及び甲府市の例による。", FOUR, ""),
        ("自己の責任において処理する。", "甲乙丙丁戊己", ""),
        # Only the labels the council uses are looked for.
        ("丁は、", "甲乙丙", ""),
        ("戊及び己", FOUR, ""),
        ("", FOUR, ""),
    ],
)
def test_labels_named_as_words(text, labels, named):
    assert "".join(labels_named(text, labels)) == named


def _warnings(body: str, old: dict, new: dict) -> list[tuple[str, dict]]:
    found = party_warnings([ArticleText(4, body)], old, new)
    assert all(w.number == 4 for w in found)
    return [(w.reason.template, dict(w.reason.params)) for w in found]


@pytest.mark.parametrize(
    "body, old, new, expected",
    [
        # A join: all the old parties listed otherwise than 「甲、乙及び丙」, or some of them.
        ("甲、乙、丙は協議する。", OLD, JOINED, [(ALL_OLD, {"old": "甲、乙及び丙"})]),
        ("甲乙丙協議の上定める。", OLD, JOINED, [(ALL_OLD, {"joining": "丁"})]),
        ("甲は、乙及び丙に連絡する。", OLD, JOINED, [(ALL_OLD, {})]),
        ("乙及び丙に連絡する。", OLD, JOINED, [(SOME, {"named": "乙及び丙", "joining": "丁"})]),
        ("甲、乙、丙及び丁は協議する。", OLD, JOINED, []),  # already rewritten
        ("甲は、代表団体として契約する。", OLD, JOINED, []),  # a role, not the membership
        ("本協定は、共同利用について定める。", OLD, JOINED, []),
        ("事務所は須崎市1丁目に置く。", OLD, JOINED, []),
        # A leave: any mention of the leaver's label.
        ("甲及び丙は協議する。", OLD, LEFT, [(LEAVER, {"leaving": "丙"})]),
        ("丙は、甲に報告する。", OLD, LEFT, [(LEAVER, {"leaving": "丙"})]),
        ("甲及び乙は協議する。", OLD, LEFT, []),
        # Both at once.
        ("甲、乙、丙は協議する。", OLD, SWAPPED, [(LEAVER, {}), (ALL_OLD, {"joining": "丁"})]),
        # No change in membership, or no labels past ten parties: nothing to point at.
        ("乙及び丙に連絡する。", OLD, OLD, []),
        ("乙及び丙に連絡する。", OLD, {}, []),
    ],
)
def test_warnings_when_the_membership_changes(body, old, new, expected):
    found = _warnings(body, old, new)
    assert [template for template, _params in found] == [t for t, _p in expected]
    for (_template, params), (_t, wanted) in zip(found, expected, strict=True):
        assert params.items() >= wanted.items()


def test_the_message_names_the_article_and_the_labels():
    [warning] = party_warnings([ArticleText(7, "乙及び丙に連絡する。")], OLD, JOINED)
    assert warning.reason.text == (
        "第7条は当事者のうち乙及び丙を挙げています。"
        "加入する丁も挙げる必要がないか確認してください。"
    )
    [warning] = party_warnings([ArticleText(2, "丙は、甲に報告する。")], OLD, LEFT)
    assert warning.reason.text.startswith("第2条は脱退する丙を挙げています。")


def test_only_articles_that_name_parties_are_listed():
    articles = [
        ArticleText(1, "本協定は、共同利用について定める。"),
        ArticleText(2, "甲、乙、丙及び丁は、協議する。"),
        ArticleText(3, "甲は、乙及び丙に連絡する。"),
    ]
    assert [w.number for w in party_warnings(articles, OLD, JOINED)] == [3]
