"""Every page type in English carries no Japanese outside user data (marked lang="ja").

One app, one database, many GETs: the routes of the authorization matrix (tests/authz.py), each
as the first role that may open it. SQLite only: what is checked is the rendered text, which
does not depend on the database, and the matrix builds a lot of data.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.auth.test_authorization_matrix import all_routes
from tests.factories import login

JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Elements with no end tag: they never open a lang scope.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Not checked: code; the page title, which cannot mark a part of itself lang="ja" (it holds
# the names of what the page shows); text being edited (a textarea holds what users typed).
RAW = ("script", "style", "title", "textarea")
# English text that quotes the Japanese a user must write: the CSV header the import reads,
# the wording an agreement uses, an example document number (see messages.po).
QUOTED = (
    "構成団体,指標,値,単位,基準日,出典",
    "…に関し、次のとおり協定を締結する。",
    "…は、次のとおりとする。",
    "須総第123号",
    "甲, 乙, 丙",
    "甲, 乙",
)
# Tried in this order: the first role allowed in opens the page.
READERS = ("facilitator", "liaison", "admin")


class JapaneseOutsideUserData(HTMLParser):
    """Collects text with Japanese characters that is not inside an element marked lang="ja"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[str | None] = []
        self.skip = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.langs.append(dict(attrs).get("lang"))
        self.skip += tag in RAW

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.langs:
            return
        self.langs.pop()
        self.skip -= tag in RAW

    def handle_data(self, data: str) -> None:
        inner = next((lang for lang in reversed(self.langs) if lang), None)
        text = data
        for quoted in QUOTED:
            text = text.replace(quoted, "")
        if not self.skip and inner != "ja" and JAPANESE.search(text):
            self.found.append(data.strip())


def japanese_outside_user_data(page: str) -> list[str]:
    parser = JapaneseOutsideUserData()
    parser.feed(page)
    return parser.found


def test_the_checker_sees_through_nesting():
    page = '<p>A <span lang="ja">須崎市<b>甲</b></span> and 乙<br>x</p><p lang="ja">丙</p>'
    assert japanese_outside_user_data(page) == ["and 乙"]


def _pages(app, world) -> dict[str, list[str]]:  # noqa: ANN001
    """role -> the GET urls of HTML pages that role is the first reader of."""
    pages: dict[str, list[str]] = {role: [] for role in READERS}
    for cases in all_routes(app, world).values():
        for method, url, expected in cases:
            if method != "GET" or re.search(r"\.(xlsx|pdf|ics|csv|json)\b|/export|/pdf", url):
                continue
            role = next((r for r in READERS if expected[r] == "ok"), None)
            if role:
                pages[role].append(url)
    return pages


@pytest.mark.parametrize("backend", ["sqlite"])
def test_english_pages_have_no_japanese_outside_user_data(app, world):
    failures = []
    for role, urls in _pages(app, world).items():
        client = app.test_client()
        login(client, role)
        client.post("/language", data={"lang": "en", "next": "/"})
        for url in urls:
            response = client.get(url)
            if "text/html" not in response.content_type or response.status_code >= 300:
                continue
            for text in japanese_outside_user_data(response.get_data(as_text=True)):
                failures.append(f"{role} {url}: {text[:120]}")
    assert not failures, "\n".join(failures)
