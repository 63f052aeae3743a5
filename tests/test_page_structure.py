"""Error pages have a heading and a title that say what happened (issue 16); the other pages
are checked by the authorization matrix, which opens every one (tests/page_structure.py)."""

from __future__ import annotations

from tests.factories import login
from tests.page_structure import outline, problems


def test_error_pages_have_a_heading(app, world):
    observer = app.test_client()
    login(observer, "observer")
    forbidden = f"/negotiations/{world.negotiation_id}/items/new"
    for url, code, heading in (
        (forbidden, 403, "権限がありません"),
        ("/items/999999", 404, "ページが見つかりません"),
    ):
        response = observer.get(url)
        assert response.status_code == code
        page = outline(response.get_data(as_text=True))
        assert problems(url, page) == [] and page.title.startswith(f"{code} {heading}")
