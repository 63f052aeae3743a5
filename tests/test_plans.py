"""Flat as the installation grows (issue 18): one council's pages reach the big tables only
through an index, however many other councils share the database.

PostgreSQL only: 150 other councils are added with bulk SQL (bench/crowd.py) and the statistics
refreshed, so the planner knows the tables are large; each page's statements are captured as
they run and explained (EXPLAIN (FORMAT JSON), same parameters). A sequential scan of positions,
audit entries, meetings or agenda lines is a page that grows with the whole installation. Search
(issue 14) reads its index table through the trigram index or the user's councils' rows, and is
never planned blind to its words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from bench.crowd import BIG_TABLES, crowd
from negotiator.db import db
from negotiator.search import indexing, services
from negotiator.search.models import TRIGRAM_INDEXES
from tests.factories import login, user_id

(TRIGRAM,) = TRIGRAM_INDEXES  # the one index of search_entry outside the metadata


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


def _plans(app, user: str, path: str) -> list[tuple[str, dict]]:  # noqa: ANN001
    """(statement, plan) of every SELECT the page runs, explained with the same parameters."""
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
    plans = []
    with app.app_context(), db.engine.connect() as conn:
        for statement, parameters in captured:
            explained = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
            plan = explained.scalar_one()
            plan = json.loads(plan) if isinstance(plan, str) else plan
            plans.append((" ".join(statement.split()), plan[0]["Plan"]))
    return plans


def _whole_table_scans(app, user: str, path: str) -> list[str]:  # noqa: ANN001
    """The page's statements whose plan reads one of the big tables from end to end."""
    return [
        f"{node} on {table}: {statement}"
        for statement, plan in _plans(app, user, path)
        for node, table in _scans(plan)
        if node == "Seq Scan" and table in BIG_TABLES
    ]


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


def _indexes(plan: dict) -> Iterator[str]:
    """The index of every node of a plan that reads one."""
    if "Index Name" in plan:
        yield plan["Index Name"]
    for child in plan.get("Plans", []):
        yield from _indexes(child)


def _search_plans(app, user: str, query: str, kind: str) -> list[tuple[str, dict]]:  # noqa: ANN001
    with app.app_context(), db.engine.begin() as conn:
        indexing.reindex(conn)  # crowd() writes in bulk, past the session hook
        conn.exec_driver_sql("ANALYZE search_entry, membership")
    path = "/search?" + urlencode({"q": query, "kind": kind})
    plans = [(s, p) for s, p in _plans(app, user, path) if "FROM search_entry" in s]
    assert plans
    return plans


@pytest.mark.parametrize("kind", ["", "item", "position"])
@pytest.mark.parametrize("query", ["アクセス権", "端末"])
def test_searching_one_council_among_many_reads_only_its_rows(app, crowded, query, kind):
    """A word the trigram index serves or not (two characters), the rows of the user's own
    council are read through an index, never every council's text (issue 14)."""
    for statement, plan in _search_plans(app, "liaison", query, kind):
        assert ("Seq Scan", "search_entry") not in set(_scans(plan)), statement
        assert set(_indexes(plan)) & {"ix_search_entry_consortium_id", TRIGRAM}, statement


@pytest.mark.parametrize("kind", ["", "item"])
def test_a_reader_of_every_council_searches_through_the_trigram_index(app, crowded, kind):
    """The statement's expression is the one migration 0023_searchpg indexed, character for
    character (else the planner cannot use the index, and reads every row)."""
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO membership (user_id, consortium_id, role)"
                " SELECT :user, id, 'observer' FROM consortium WHERE id != :own"
            ),
            {"user": user_id("observer"), "own": crowded[0].consortium_id},
        )
    for statement, plan in _search_plans(app, "observer", "アクセス権", kind):
        assert ("Seq Scan", "search_entry") not in set(_scans(plan)), statement
        assert TRIGRAM in set(_indexes(plan)), statement


def test_search_is_planned_for_its_words(app, world, backend):
    """psycopg prepares a statement run five times and PostgreSQL then settles on one generic
    plan, blind to the words (services._plan_for_the_words): the search must never get it."""
    if backend != "postgres":
        pytest.skip("query plans are PostgreSQL's")
    with app.test_request_context():
        for word in ("アクセス権", "端末", "存在しない語句") * 4:
            services.search(user_id("liaison"), [word])
        generic = db.session.scalar(
            sa.text(
                "SELECT coalesce(sum(generic_plans), 0) FROM pg_prepared_statements"
                " WHERE statement LIKE '%FROM search_entry%'"
            )
        )
    assert generic == 0
