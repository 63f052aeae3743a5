"""Search on PostgreSQL: one trigram index over title and body together, with a short pending list.

0022_search14 made one GIN trigram index on title and one on body, so each word was two index
scans (a BitmapOr) and a recheck of both columns. This one index on `title || ' ' || body` (the
expression services.search_text() writes, character for character: the planner uses an
expression index only for the same expression) serves each word with one scan. A word never
holds a space, so it never matches across the join.

gin_pending_list_limit = 256 kB: GIN's fast update keeps rows written since the last vacuum in an
unsorted pending list that every search reads whole, up to 4 MB by default (1 to 5 ms per search
at the benchmark's size after a `flask search reindex`). A small list bounds that to a fraction
of a millisecond and keeps the batched merge (a reindex at that size: 2 s; 4.5 s with
fastupdate = off, every row into the index on its own). SQLite (FTS5) is unchanged.

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
        "WITH (gin_pending_list_limit = 256)"
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
