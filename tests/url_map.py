"""One URL map per test process: every test builds a fresh app, and werkzeug parses and compiles
each of its ~110 rules again (about 65 ms of the ~100 ms create_app takes). The rules are the
code's, the same for every app, so once the `app` fixture has built one, later apps are given
that map and their own identical rules are not added again.

A test that adds a route of its own (`app.route` after create_app) must mark itself
`@pytest.mark.own_url_map`: adding a new rule to the shared map is refused, so that no route
leaks into other tests.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import Map, RuleFactory


class SharedUrlMap(Map):
    frozen = False

    def add(self, rulefactory: RuleFactory) -> None:
        if not self.frozen:
            super().add(rulefactory)
            return
        known = {(rule.rule, rule.endpoint) for rule in self._rules}
        for rule in rulefactory.get_rules(self):
            if (rule.rule, rule.endpoint) not in known:
                raise RuntimeError(
                    f"{rule.rule}: this app shares its URL map; mark the test own_url_map"
                )


_SHARED: list[SharedUrlMap] = []
_OWN: list[bool] = [False]


def _url_map(**kwargs: Any) -> Map:
    if _OWN[0]:
        return Map(**kwargs)
    return _SHARED[0] if _SHARED else SharedUrlMap(**kwargs)


def install() -> None:
    Flask.url_map_class = staticmethod(_url_map)  # type: ignore[assignment]


def share(app: Flask) -> None:
    """Keep this fully built app's map for the apps built after it."""
    if not _SHARED and isinstance(app.url_map, SharedUrlMap):
        app.url_map.frozen = True
        _SHARED.append(app.url_map)


class own:  # noqa: N801
    """Within it, apps get a map of their own."""

    def __enter__(self) -> None:
        _OWN[0] = True

    def __exit__(self, *exc: object) -> None:
        _OWN[0] = False
