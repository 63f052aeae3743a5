"""What every HTML page must have (issue 16): no id twice (a label would name the wrong input),
exactly one h1, and the 「入力エラー: 」 title prefix exactly when a form's error summary is
shown. The authorization matrix checks every page it opens (tests/auth/...matrix.py)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

ERROR_PREFIX = "入力エラー: "


class Outline(HTMLParser):
    """The ids, the h1 count, the title and whether an error summary is on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.h1 = 0
        self.title = ""
        self.summary = False
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[found["id"]] += 1
        self.h1 += tag == "h1"
        self.summary |= "data-error-summary" in found
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def problems(label: str, page: Outline) -> list[str]:
    """What is wrong with a full page; nothing for a fragment htmx swaps in (it has no title)."""
    if not page.title:
        return []
    found = [f"{label}: id {i!r} {n} times" for i, n in page.ids.items() if n > 1]
    if page.h1 != 1:
        found.append(f"{label}: {page.h1} h1")
    if page.summary != page.title.startswith(ERROR_PREFIX):
        found.append(f"{label}: error summary {page.summary}, title {page.title!r}")
    return found


def shared_titles(titles: dict[str, set[str]]) -> list[str]:
    """Titles that more than one kind of page (endpoint) carries."""
    return [f"{sorted(e)} share the title {t!r}" for t, e in titles.items() if len(e) > 1]
