"""axe-core on every page type, for every role, at 1280 px and at 320 px (reflow): no violation
of WCAG 2.0/2.1 A and AA (JIS X 8341-3:2016 AA), and at 320 px no page scrolls sideways.

axe is injected through the DevTools protocol (a Playwright init script), so the app's
Content-Security-Policy stays on and axe sees what users get. SQLite only: the pages only read,
so one copy of the demo database serves the module, while PostgreSQL would load the demo again
(5-30 s); the markup axe reads does not depend on the database backend, which the service and
view tests cover on both.

Time (the suite's budget): one browser and one server per module, one logged-in context per
role kept for the module, each page loaded once and checked at 1280 px then narrowed in place to
320 px; a role's page whose markup has the same structure as one already checked (an observer's
and a signatory's board) is not checked again. One test per group of pages, so xdist spreads
them.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from werkzeug.serving import make_server

from negotiator.db import db
from negotiator.demo import DEMO_PASSWORD
from tests.browser.axe_pages import GROUPS, JSON_BLUEPRINT, NOT_PAGES, PAGES, USERS
from tests.browser.conftest import WAIT_MS, _buffered, _demo_app

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + '\\n    '
    + v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary
      .replace(/\\s+/g, ' ')).join('\\n    '));
}"""
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
PAGE_SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}

# The structure of a page's markup: every element's tag, its attributes that axe's rules read
# (not links' targets, values or tokens) and whether it has text of its own.
STRUCTURE = """() => [...document.querySelectorAll('html, body *')].map(el => el.tagName
  + [...el.attributes]
    .filter(a => !['href', 'value', 'action', 'datetime', 'hx-get', 'hx-post'].includes(a.name))
    .map(a => ' ' + a.name + '=' + a.value).join('')
  + ([...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) ? ' T' : '')
).join('\\n')"""


def test_every_page_type_is_checked(app):  # noqa: ANN001
    pages = {endpoint for endpoint, _, _ in PAGES}
    shown = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods} - NOT_PAGES
    shown = {e for e in shown if not e.startswith(JSON_BLUEPRINT)}
    assert shown - pages == set(), "GET routes that the axe test does not visit"
    grouped = {e for e in pages if any(e.startswith(p) for g in GROUPS.values() for p in g)}
    assert grouped == pages


@pytest.fixture(scope="module")
def axe_server(demo_template, tmp_path_factory) -> Iterator[str]:  # noqa: ANN001
    """The demo app served for the whole module: these tests only read."""
    folder = tmp_path_factory.mktemp("axe") / "instance"
    shutil.copytree(demo_template, folder)
    app = _demo_app(folder, folder / "browser.sqlite3")
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


class Sessions:
    """One context per role, logged in on first use, with axe injected into every page."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser, self.url = browser, url
        self.pages: dict[str, Page] = {}
        self.problems: list[str] = []
        self.expect_error = False

    def page(self, role: str) -> Page:
        if role not in self.pages:
            self.pages[role] = self._open(role)
        return self.pages[role]

    def _open(self, role: str) -> Page:
        context: BrowserContext = self.browser.new_context(
            base_url=self.url, locale="ja-JP", viewport=WIDE
        )
        context.set_default_timeout(WAIT_MS)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.on("console", lambda message: self._console(role, message))
        page.on("pageerror", lambda exc: self.problems.append(f"{role}: {exc}"))
        # Nothing may leave this machine (watched, not intercepted: interception turns off the
        # browser's cache, and every page would fetch its fonts again).
        page.on(
            "request",
            lambda r: (
                r.url.startswith((self.url, "data:"))
                or self.problems.append(f"external request: {r.url}")
            ),
        )
        if USERS[role]:
            page.goto("/login")
            page.get_by_label("ユーザー名").fill(USERS[role])
            page.get_by_label("パスワード").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="ログイン").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("ホーム", timeout=WAIT_MS)
        return page

    def _console(self, role: str, message: ConsoleMessage) -> None:
        expected = self.expect_error and message.text.startswith("Failed to load resource")
        if message.type == "error" and not expected:
            self.problems.append(f"{role}: {message.text}")

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def sessions(browser, axe_server) -> Iterator[Sessions]:  # noqa: ANN001
    sessions = Sessions(browser, axe_server)
    yield sessions
    sessions.close()


def _check(sessions: Sessions, role: str, url: str, outcome: str, seen: set[str]) -> list[str]:
    """axe at both widths and the reflow check at 320 px, for the page loaded at `url`, unless
    a page of the same structure was checked already."""
    page = sessions.page(role)
    page.set_viewport_size(WIDE)
    want = 200 if outcome == "ok" else int(outcome)
    # An error page expected: the browser's console reports its status, that is no problem.
    sessions.expect_error = want != 200
    response = page.goto(url)
    # A fragment htmx loads on arrival (the cost preview) is part of the page axe reads.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    if response.status != want:
        return [f"{url}: HTTP {response.status}, want {want}"]
    structure = page.evaluate(STRUCTURE)
    if structure in seen:
        return []
    seen.add(structure)
    problems = [f"1280 px: {v}" for v in page.evaluate(RUN_AXE, TAGS)]
    page.set_viewport_size(NARROW)
    page.evaluate(NEXT_FRAME)  # the page's resize handlers run (scroll boxes become regions)
    problems += [f"320 px: {v}" for v in page.evaluate(RUN_AXE, TAGS)]
    if page.evaluate(PAGE_SCROLLS_SIDEWAYS):
        width = page.evaluate("document.documentElement.scrollWidth")
        problems.append(f"320 px: the page scrolls sideways ({width} px wide)")
    return [f"{url}: {p}" for p in problems]


@pytest.mark.parametrize("group", list(GROUPS))
def test_axe(sessions, group):  # noqa: ANN001
    problems: list[str] = []
    seen: set[str] = set()
    for role in USERS:
        for endpoint, url, who in PAGES:
            shown = who.get(role) == "ok" or endpoint.startswith("error.") and role in who
            if shown and endpoint.startswith(GROUPS[group]):
                found = _check(sessions, role, url, who[role], seen)
                problems += [f"{role} {problem}" for problem in found]
    assert not problems + sessions.problems, "\n".join(problems + sessions.problems)


def test_board_row_reads_each_towns_position(sessions):  # noqa: ANN001
    """A screen reader finds, in a board row, the item as the row's header and each town's
    position as its cell's link: 「須崎市 賛成」, not 「須崎市: 意見の履歴」 (issue 16)."""
    page = sessions.page("observer")
    page.set_viewport_size(WIDE)
    page.goto("/negotiations/2")
    board = page.get_by_role("table", name="協議事項ごとの各団体の意見")
    row = board.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="2. 災害時の庁外アクセス")
    )
    tree = row.aria_snapshot()
    for town, stance in (("須崎市", "賛成"), ("中土佐町", "保留"), ("四万十町", "反対")):
        assert f'link "{town} {stance}"' in tree, tree
    assert "意見の履歴" not in tree
