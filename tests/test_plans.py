"""Flat as the installation grows (issue 18): one council's pages reach the big tables only
through an index, however many other councils share the database.

PostgreSQL only: 150 other councils are added with bulk SQL (bench/crowd.py) and the statistics
refreshed, so the planner knows the tables are large; each page's statements are captured as
they run and explained (EXPLAIN (FORMAT JSON), same parameters). A sequential scan of positions,
audit entries, meetings or agenda lines is a page that grows with the whole installation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bench.crowd import BIG_TABLES, crowd
from negotiator.db import db
from tests.factories import login


@pytest.fixture
def crowded(app, world, backend):  # noqa: ANN001, ANN201
    if backend != "postgres":
        pytest.skip("query plans are PostgreSQL's")
    from tests.meetings.factories import make_meeting

    with app.app_context():
        meeting_id = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
        with db.engine.begin() as conn:
            counts = crowd(conn, 150, members=5, items=20, positions=2, meetings=10)
    assert counts["position"] > 25_000 and counts["meeting"] > 1_000
    return world, meeting_id


def _scans(plan: dict) -> Iterator[tuple[str, str]]:
    """(node type, relation) of every node of a plan that reads a table."""
    if "Relation Name" in plan:
        yield plan["Node Type"], plan["Relation Name"]
    for child in plan.get("Plans", []):
        yield from _scans(child)


def _whole_table_scans(app, user: str, path: str) -> list[str]:  # noqa: ANN001
    """The page's statements whose plan reads one of the big tables from end to end."""
    captured: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, *args) -> None:  # noqa: ANN001, ANN002
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    client = app.test_client()
    login(client, user)
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    found = []
    with app.app_context(), db.engine.connect() as conn:
        for statement, parameters in captured:
            explained = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
            plan = explained.scalar_one()
            plan = json.loads(plan) if isinstance(plan, str) else plan
            for node, table in _scans(plan[0]["Plan"]):
                if node == "Seq Scan" and table in BIG_TABLES:
                    found.append(f"{node} on {table}: {' '.join(statement.split())}")
    return found


@pytest.mark.parametrize(
    ("user", "page"),
    [
        ("facilitator", "board"),
        ("facilitator", "item"),
        ("facilitator", "dashboard"),
        ("liaison", "dashboard"),
        ("facilitator", "meeting"),
        ("facilitator", "council"),
    ],
)
def test_a_councils_page_reads_the_big_tables_through_indexes(app, crowded, user, page):
    world, meeting_id = crowded
    path = {
        "board": f"/negotiations/{world.negotiation_id}",
        "item": f"/items/{world.item_id}",
        "dashboard": "/",
        "meeting": f"/meetings/{meeting_id}",
        "council": f"/consortia/{world.consortium_id}",
    }[page]
    scans = _whole_table_scans(app, user, path)
    assert not scans, "\n".join(scans)
