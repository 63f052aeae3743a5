"""Authorization expectations for the search page (collected by the matrix)."""

from __future__ import annotations

from tests.authz import LOGGED_IN


def routes(app, world) -> dict:  # noqa: ANN001, ARG001
    # Anyone logged in may search; what they find is limited to their councils (test_search.py).
    return {"search.index": [("GET", "/search?q=アクセス権", LOGGED_IN)]}
