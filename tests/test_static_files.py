"""Static files are named by their content and kept by browsers (negotiator/static_files.py)."""

from __future__ import annotations

import re
import shutil

import pytest
from flask import Flask, url_for

from negotiator import create_app
from tests.conftest import BASE_CONFIG


def _headers(app: Flask, url: str) -> tuple[int, str]:
    """The status and Cache-Control of a static file (the response closed: it holds the file)."""
    with app.test_client().get(url) as response:
        return response.status_code, response.headers.get("Cache-Control", "")


@pytest.fixture
def static_app(tmp_path) -> Flask:  # noqa: ANN001
    """The app serving a copy of its static folder, so a test may change a file."""
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    folder = tmp_path / "static"
    shutil.copytree(app.static_folder, folder, ignore=shutil.ignore_patterns("fonts"))
    app.static_folder = str(folder)
    return app


def test_the_login_page_links_its_css_and_scripts_by_content(static_app: Flask) -> None:
    page = static_app.test_client().get("/login").get_data(as_text=True)
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert len(links) >= 3  # the stylesheet, htmx and the app's script
    assert all(re.search(r"\?v=[0-9a-f]{12}$", link) for link in links), links
    for link in links:
        assert _headers(static_app, link) == (200, "public, max-age=31536000, immutable")


@pytest.mark.parametrize("query", ["", "?v=000000000000"])
def test_without_the_current_hash_a_file_is_revalidated(static_app: Flask, query: str) -> None:
    assert _headers(static_app, f"/static/css/app.css{query}") == (200, "no-cache")


def test_a_changed_file_gets_a_new_url(static_app: Flask) -> None:
    with static_app.test_request_context():
        before = url_for("static", filename="js/app.js")
        path = f"{static_app.static_folder}/js/app.js"
        with open(path, "a", encoding="utf-8") as file:
            file.write("\n// changed\n")
        after = url_for("static", filename="js/app.js")
    assert before != after
    assert _headers(static_app, before) == (200, "no-cache")  # the old hash: content gone
    assert _headers(static_app, after) == (200, "public, max-age=31536000, immutable")


def test_a_missing_file_is_404_with_no_version(static_app: Flask) -> None:
    with static_app.test_request_context():
        assert url_for("static", filename="css/none.css") == "/static/css/none.css"
    assert _headers(static_app, "/static/css/none.css?v=1")[0] == 404
