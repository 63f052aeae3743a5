"""Issue 18: whether an item was discussed at a held meeting reads that item's meetings only,
not every held meeting of the installation (the join had PostgreSQL hash them all)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.meetings.facts import discussion_facts
from negotiator.negotiation.models import AgendaItem
from tests.factories import make_item, make_negotiation
from tests.meetings.factories import make_meeting

OTHER_MEETINGS = 8


def _meeting_rows(plan: dict) -> int:
    """Rows of `meeting` the plan read (kept and filtered out), over all loops."""
    loops = plan.get("Actual Loops", 1)
    read = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
    own = read * loops if plan.get("Relation Name") == "meeting" else 0
    return own + sum(_meeting_rows(child) for child in plan.get("Plans", []))


def test_the_held_meeting_lookup_reads_only_the_items_meetings(app, world, backend):
    if backend != "postgres":
        pytest.skip("the plan is PostgreSQL's")
    with app.app_context():
        make_meeting(world.negotiation_id, [world.item_id], held=True)
        other = make_negotiation(db.session.get(Consortium, world.other_consortium_id), "他")
        elsewhere = make_item(other, "他の協議会の事項")
        for _ in range(OTHER_MEETINGS):
            make_meeting(other.id, [elsewhere.id], held=True)
        db.session.commit()
        item = db.session.get(AgendaItem, world.item_id)
        seen: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, *args) -> None:  # noqa: ANN001, ANN002
            if "meeting_item" in statement:
                seen.append((statement, parameters))

        sa.event.listen(db.engine, "before_cursor_execute", capture)
        try:
            assert discussion_facts([item])[item.id].discussed
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", capture)
        ((statement, parameters),) = seen
        cursor = db.session.connection().connection.cursor()
        # Tiny tables are cheaper to scan, so scans are ruled out; and so is a nested loop: with
        # 40k items and 20k meetings the planner hashed every held meeting for a join (issue
        # 18), so the statement must read only the items' meetings whatever the join strategy.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
        (row,) = cursor.fetchall()
        plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
        assert _meeting_rows(plan[0]["Plan"]) == 1, json.dumps(plan, indent=1)
