"""Browser tests: Playwright drives Debian's chromium against the app on a free local port."""

from __future__ import annotations

import dataclasses
import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from negotiator import create_app
from negotiator.db import db
from tests.conftest import BASE_CONFIG

CHROMIUM = os.environ.get("NEGOTIATOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Nothing may leave this machine: every host but the loopback one (which chromium never
    # sends through a proxy) goes to a proxy that is not there, so the request fails. `watch`
    # below turns any such request into a test failure.
    "--proxy-server=http://127.0.0.1:9",
]


@dataclasses.dataclass
class Live:
    url: str
    app: Flask


def _demo_app(folder, path) -> Flask:  # noqa: ANN001
    app = create_app(
        {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "WTF_CSRF_ENABLED": True}
    )
    app.instance_path = str(folder)  # the demo seal certificate goes here
    return app


@pytest.fixture(scope="session")
def demo_template(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The demo loaded once per test process (5–30 s); each browser test gets a copy of the
    database and of the instance folder (the seal that signed the demo's agreement)."""
    from negotiator import demo

    folder = tmp_path_factory.mktemp("demo-instance")
    path = folder / "browser.sqlite3"
    shutil.copyfile(sqlite_template, path)
    app = _demo_app(folder, path)
    with app.app_context():
        # The three founding towns: the join flows walk through the fourth town's join themselves.
        demo.load(join=False)
        db.session.commit()
        db.engine.dispose()
    return folder


@pytest.fixture
def live(demo_template, tmp_path) -> Iterator[Live]:  # noqa: ANN001
    """The app with the demo council, served on 127.0.0.1 in a background thread."""
    folder = tmp_path / "instance"
    shutil.copytree(demo_template, folder)
    app = _demo_app(folder, folder / "browser.sqlite3")
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Live(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live: Live) -> str:
    return live.url


def _buffered(app):  # noqa: ANN001, ANN202
    # The browser may drop a connection while a static file is still being sent; werkzeug then
    # skips closing the file (ResourceWarning, an error here). Read and close every response first.
    def wsgi(environ, start_response):  # noqa: ANN001, ANN202
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    """One chromium per test module: Playwright's sync API keeps an event loop running in this
    thread while it is open, and tests elsewhere that call asyncio.run() (pyHanko) must not
    find one, whichever order the workers run them in."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}; `make test` installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Conditions, not clocks: on a machine whose cores are busy with other work one page can take
# several seconds, so waits give up only after a generous bound (they return as soon as met).
WAIT_MS = 60_000


@pytest.fixture
def page(browser, live_server):  # noqa: ANN001, ANN201
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(
        base_url=live_server, locale="ja-JP", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    problems: list[str] = []
    watch(page, live_server, problems)
    page.console_problems = problems
    yield page
    context.close()
    assert not problems, problems


def watch(page, live_server: str, problems: list[str]) -> None:  # noqa: ANN001
    """Collect console errors, uncaught exceptions and requests to any other host as problems.

    Listening does not hold up requests as routing each one through the test would (a round
    trip to this process per file, on every page load); the proxy flag in CHROMIUM_ARGS is what
    stops them."""
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "request",
        lambda request: (
            request.url.startswith((live_server, "data:"))
            or problems.append(f"external request: {request.url}")
        ),
    )
