"""Full-text search: the index table, SQLite FTS5 (trigram) or PostgreSQL pg_trgm over it.

SQLite (3.34+ for the trigram tokenizer): an external-content FTS5 table over search_entry's
title and body, kept in step by triggers. PostgreSQL: the pg_trgm extension (creating it needs
the CREATE privilege on the database, or a DBA to run `CREATE EXTENSION pg_trgm` first) and GIN
trigram indexes on title and body. Neither is in SQLAlchemy's metadata; migrations/env.py keeps
them out of `flask db check`. An existing database is indexed by 0023_commentdocs, once the
schema is the one the app's sources read (they read document.comment_id, added there).

Revision ID: 0022_search14
Revises: 0021 (after the discussion and the documents, whose tables it indexes)
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_search14"
down_revision = "0021"
branch_labels = None
depends_on = None

FTS = """CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, content='search_entry', content_rowid='id', tokenize='trigram')"""
TRIGGERS = (
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body); END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
)


def upgrade():
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("consortium_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("anchor", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "kind IN ('item', 'revision', 'position', 'comment', 'minutes', 'document')",
            name=op.f("ck_search_entry_kind_valid"),
        ),
        sa.CheckConstraint(
            "item_id IS NOT NULL OR meeting_id IS NOT NULL",
            name=op.f("ck_search_entry_leads_somewhere"),
        ),
        sa.ForeignKeyConstraint(
            ["consortium_id"],
            ["consortium.id"],
            name=op.f("fk_search_entry_consortium_id_consortium"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_item.id"],
            name=op.f("fk_search_entry_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_search_entry_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_search_entry_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("source", "ref_id", name=op.f("uq_search_entry_source_ref_id")),
    )
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        for column in ("consortium_id", "item_id", "meeting_id", "member_id"):
            batch_op.create_index(f"ix_search_entry_{column}", [column], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS)
        for trigger in TRIGGERS:
            op.execute(trigger)
    else:
        _trigram_indexes()


def _trigram_indexes() -> None:
    bind = op.get_bind()
    # Two migrations at once (test workers) must not both create the extension.
    bind.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('negotiator.pg_trgm'))")
    find = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    schema = bind.exec_driver_sql(find).scalar()
    if schema is None:
        # In public when there is one, so that dropping an app's schema never drops it.
        public = bind.exec_driver_sql("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")
        target = "public" if public.scalar() else bind.exec_driver_sql("SELECT current_schema()").scalar()
        bind.exec_driver_sql(f'CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA "{target}"')
        schema = bind.exec_driver_sql(find).scalar()
    for column in ("title", "body"):
        bind.exec_driver_sql(
            f"CREATE INDEX ix_search_entry_{column}_trgm ON search_entry "
            f"USING gin ({column} {schema}.gin_trgm_ops)"
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_entry_ai", "search_entry_ad", "search_entry_au"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE search_fts")
    else:
        for column in ("title", "body"):
            op.execute(f"DROP INDEX ix_search_entry_{column}_trgm")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        for column in ("consortium_id", "item_id", "meeting_id", "member_id"):
            batch_op.drop_index(f"ix_search_entry_{column}")
    op.drop_table("search_entry")
