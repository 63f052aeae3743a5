"""The test harness's shared URL map (tests/url_map.py) cannot leak a route between tests."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.url_map import SharedUrlMap


def test_a_new_route_on_a_shared_map_is_refused(app: Flask) -> None:
    assert isinstance(app.url_map, SharedUrlMap) and app.url_map.frozen
    with pytest.raises(RuntimeError, match="own_url_map"):
        app.add_url_rule("/leak", "leak", lambda: "")
    assert "/leak" not in {rule.rule for rule in app.url_map.iter_rules()}


@pytest.mark.own_url_map
def test_a_marked_test_gets_a_map_of_its_own(app: Flask) -> None:
    app.add_url_rule("/mine", "mine", lambda: "mine")
    assert app.test_client().get("/mine").get_data(as_text=True) == "mine"
