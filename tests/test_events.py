"""negotiator.events: handlers run in registration order, once each; a fact needs its provider."""

from __future__ import annotations

import pytest

from negotiator import events


def test_handlers_run_in_order_once_each_with_the_payload():
    heard: list[tuple[str, int]] = []

    def first(item: int, name: str) -> str:  # a payload may have a `name` of its own
        heard.append(("first", item))
        return "a"

    def second(item: int, **_: object) -> str:
        heard.append(("second", item))
        return "b"

    for handler in (first, second, first):  # an app built twice registers twice
        events.on("test.events.happened", handler)
    assert events.emit("test.events.happened", item=7, name="opened") == ["a", "b"]
    assert heard == [("first", 7), ("second", 7)]
    assert events.emit("test.events.nobody-listens", item=7) == []


def test_a_fact_is_answered_by_its_provider_and_never_defaulted():
    events.provide("test.events.fact", lambda ids: {i: i * 2 for i in ids})
    assert events.ask("test.events.fact", [1, 2]) == {1: 2, 2: 4}
    with pytest.raises(LookupError):
        events.ask("test.events.no-provider", [1])


def test_the_app_wires_the_workflow_facts_and_item_events(app):  # noqa: ANN001
    """create_app registered every domain's handlers: the workflow's facts come from meetings
    and agreements, and a revised item reaches meetings before notifications."""
    from negotiator.agreements import holds
    from negotiator.meetings import facts, handlers
    from negotiator.negotiation import queries, services
    from negotiator.notifications import events as notices

    assert events._providers[queries.DISCUSSION_FACTS] is facts.discussion_facts
    assert events._providers[queries.AGREEMENT_HOLDS] is holds.holds
    revised = events._handlers[services.ITEM_REVISED]
    assert revised.index(handlers._rounds_stop_asking) < revised.index(notices.item_revised)
