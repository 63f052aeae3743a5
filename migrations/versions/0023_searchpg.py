"""Search on PostgreSQL: one trigram index over title and body together, without a pending list.

0022_search14 made one GIN trigram index on title and one on body, so each word was two index
scans (a BitmapOr) and a recheck of both columns. This one index on `title || ' ' || body` (the
expression services.search_text() writes, character for character: the planner uses an
expression index only for the same expression) serves each word with one scan. A word never
holds a space, so it never matches across the join.

fastupdate = off: with GIN's default fast update, rows written since the last vacuum wait in an
unsorted pending list (up to gin_pending_list_limit, 4 MB) that every search reads whole, 5 ms
and more at the benchmark's size after a `flask search reindex`. Search reads the index on every
request and the app writes it a record at a time, so rows go straight into the index. SQLite
(FTS5) is unchanged.

Revision ID: 0023_searchpg
Revises: 0022_search14
"""

from alembic import op

revision = "0023_searchpg"
down_revision = "0022_search14"
branch_labels = None
depends_on = None

OLD = ("title", "body")


def _trgm_schema() -> str:
    find = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    return op.get_bind().exec_driver_sql(find).scalar_one()


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(
        "CREATE INDEX ix_search_entry_text_trgm ON search_entry "
        f"USING gin ((title || ' ' || body) {_trgm_schema()}.gin_trgm_ops) "
        "WITH (fastupdate = off)"
    )
    for column in OLD:
        op.execute(f"DROP INDEX ix_search_entry_{column}_trgm")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        return
    schema = _trgm_schema()
    for column in OLD:
        op.execute(
            f"CREATE INDEX ix_search_entry_{column}_trgm ON search_entry "
            f"USING gin ({column} {schema}.gin_trgm_ops)"
        )
    op.execute("DROP INDEX ix_search_entry_text_trgm")
