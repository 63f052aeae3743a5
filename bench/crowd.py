"""Many other councils around the one measured (issue 18: flat as the installation grows).

`crowd(connection, councils, ...)` adds `councils` councils to a migrated PostgreSQL database with
bulk SQL (INSERT … SELECT over generate_series, one statement per table): each with `members`
members, one negotiation of `items` items (one revision each, every fourth agreed), every member's
position on every item `positions` times, one audit entry per position (on the item's timeline),
and `meetings` meetings (all but the last held) with every item on one of them. 1,000 councils
at the defaults are 40k items, 960k positions, 960k audit entries and 20k meetings.

The rows are plain: the audit entries are not chained (nothing but `flask audit verify` reads the
chain) and no one logs in as these councils' users. Used by bench/installation.py and by
tests/test_plans.py (at a smaller size).
"""

from __future__ import annotations

import sqlalchemy as sa

# What a page must reach through an index only (tests/test_plans.py, bench/installation.py).
BIG_TABLES = ("position", "audit_entry", "meeting", "meeting_item")

_STATEMENTS = (
    # The councils, their members and one negotiation each.
    """INSERT INTO consortium (name, description, created_at, version, approval_required)
    SELECT 'crowd-' || g || ' 協議会', '', now(), 1, false FROM generate_series(1, :councils) g""",
    """INSERT INTO member (consortium_id, name, kind, representative_title, representative_name,
        address, sort_order, version, leave_reason)
    SELECT c.id, '町' || m, 'town', '', '', '', m, 1, ''
    FROM consortium c CROSS JOIN generate_series(1, :members) m WHERE c.id > :c0""",
    """INSERT INTO negotiation (consortium_id, title, description, decision_rule, deemed_consent,
        created_at, version)
    SELECT c.id, '協議案件', '', 'unanimity', false, now(), 1 FROM consortium c WHERE c.id > :c0""",
    """INSERT INTO agenda_item (negotiation_id, number, title, category, description, state,
        current_revision, created_at, version)
    SELECT n.id, i, '事項' || i, 'other', '',
        CASE WHEN i % 4 = 0 THEN 'agreed' ELSE 'proposed' END, 1, now(), 1
    FROM negotiation n CROSS JOIN generate_series(1, :items) i WHERE n.id > :n0""",
    """INSERT INTO proposal_revision (item_id, number, text, change_note, author_id, created_at)
    SELECT a.id, 1, '提案文', '', :author, now() FROM agenda_item a WHERE a.id > :a0""",
    # Every member's position on every item, `positions` times (the history of a long debate).
    """INSERT INTO position (item_id, member_id, revision_id, revision_number, stance, statement,
        reason, source, recorded_by_id, on_behalf, created_at)
    SELECT a.id, m.id, r.id, 1, CASE WHEN k = :positions THEN 'agree' ELSE 'undecided' END,
        '', '', 'app', :author, false, now()
    FROM agenda_item a JOIN proposal_revision r ON r.item_id = a.id
    JOIN negotiation n ON n.id = a.negotiation_id
    JOIN member m ON m.consortium_id = n.consortium_id
    CROSS JOIN generate_series(1, :positions) k WHERE a.id > :a0""",
    # One audit entry per position, on its item's timeline (not chained: see the docstring).
    """INSERT INTO audit_entry (at, actor_id, actor_name, action, object_type, object_id,
        consortium_id, summary, prev_hash, hash)
    SELECT p.created_at, :author, 'crowd', 'position.record', 'agendaitem', p.item_id,
        m.consortium_id, '意見を登録', 'crowd' || md5(p.id::text), md5(p.id::text)
    FROM position p JOIN member m ON m.id = p.member_id WHERE p.id > :p0""",
    """INSERT INTO meeting (consortium_id, number, title, starts_at, ends_at, place, mode, status,
        notes, minutes_revision, created_at, version, agenda_publish_count, agenda_digest,
        cancel_reason)
    SELECT c.id, g, '', now() + interval '7 days' * (g + 1 - :meetings),
        now() + interval '7 days' * (g + 1 - :meetings) + interval '2 hours', '', 'in_person',
        CASE WHEN g < :meetings THEN 'held' ELSE 'scheduled' END, '',
        CASE WHEN g < :meetings THEN 1 ELSE 0 END, now(), 1, 0, '', ''
    FROM consortium c CROSS JOIN generate_series(1, :meetings) g WHERE c.id > :c0""",
    """INSERT INTO meeting_item (meeting_id, item_id, sort_order, notes, title, note)
    SELECT mt.id, a.id, a.number, '', '', ''
    FROM agenda_item a JOIN negotiation n ON n.id = a.negotiation_id
    JOIN meeting mt ON mt.consortium_id = n.consortium_id
        AND mt.number = (a.number - 1) % :meetings + 1
    WHERE a.id > :a0""",
)


def _last_id(conn: sa.Connection, table: str) -> int:
    return conn.exec_driver_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').scalar_one()


def crowd(
    conn: sa.Connection,
    councils: int = 1000,
    *,
    members: int = 8,
    items: int = 40,
    positions: int = 3,
    meetings: int = 20,
) -> dict[str, int]:
    """Add the councils (see the module's docstring); returns the rows of each big table after,
    the statistics refreshed (ANALYZE) so the planner sees the installation's size."""
    author = conn.exec_driver_sql(
        "INSERT INTO user_account (username, display_name, password_hash, is_admin, active,"
        " session_token, created_at, version, language, digest_hour)"
        " VALUES ('crowd-' || md5(random()::text), 'crowd', '!', false, false, 0, now(), 1,"
        " 'ja', 7) RETURNING id"
    ).scalar_one()
    marks = {
        "c0": _last_id(conn, "consortium"),
        "n0": _last_id(conn, "negotiation"),
        "a0": _last_id(conn, "agenda_item"),
        "p0": _last_id(conn, "position"),
    }
    sizes = {"councils": councils, "members": members, "items": items}
    sizes |= {"positions": positions, "meetings": meetings, "author": author}
    # The rows are built consistent: replica mode skips the foreign keys' per-row triggers
    # (most of the time of a bulk insert) for this transaction only.
    conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
    for statement in _STATEMENTS:
        conn.execute(sa.text(statement), marks | sizes)
    conn.exec_driver_sql("SET LOCAL session_replication_role = origin")
    # Every table of this schema (a bare ANALYZE would go through every schema of the database):
    # the pages join the big tables to small ones (membership, user_account) whose statistics,
    # left from earlier work in the schema, would otherwise steer the planner at random.
    tables = conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    ).scalars()
    conn.exec_driver_sql("ANALYZE " + ", ".join(f'"{t}"' for t in tables))
    return {
        t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one()
        for t in (*BIG_TABLES, "agenda_item")
    }
