"""Japanese data on an English page is marked lang="ja" (WCAG 3.1.2), by the one `ja` filter;
on a Japanese page nothing is added."""

from __future__ import annotations

from tests.factories import login


def test_board_marks_japanese_data_in_english_mode(client, world):  # noqa: ANN001
    login(client, "observer")
    url = f"/negotiations/{world.negotiation_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'lang="ja"' not in page.split("<body", 1)[1]
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(url).get_data(as_text=True)
    assert '<span lang="ja">須崎市</span>' in page  # the towns' column headers and cells
    assert '<span lang="ja">アクセス権制御ポリシー</span>' in page  # the item's title
    item = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert '<h1>1. <span lang="ja">アクセス権制御ポリシー</span>' in item
    assert '<div lang="ja">' in item  # the proposal's text
