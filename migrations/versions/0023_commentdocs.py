"""Documents (資料) on comments: document.comment_id, and the CHECK one_target over four targets.

The search reads document.comment_id (a comment's document leads to its item), so indexing
what an installation already holds moved here from 0022_search14: it runs once the schema is
the one the app's sources read. A later migration that changes a table the search reads takes
it over in turn.

Revision ID: 0023_commentdocs
Revises: 0022_search14
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_commentdocs"
down_revision = "0022_search14"
branch_labels = None
depends_on = None


def _exactly_one(columns: tuple[str, ...]) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


OLD = _exactly_one(("item_id", "revision_id", "meeting_id"))
NEW = _exactly_one(("item_id", "revision_id", "meeting_id", "comment_id"))


def upgrade():
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_document_comment_id"), ["comment_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_document_comment_id_comment"), "comment", ["comment_id"], ["id"]
        )
        batch_op.drop_constraint(op.f("ck_document_one_target"), type_="check")
        batch_op.create_check_constraint(op.f("ck_document_one_target"), NEW)
    _index_existing()


def _index_existing() -> None:
    """Index what an upgraded installation holds, with the app's sources, unless it is indexed
    already (upgraded past 0022 before this moved here). A fresh database has nothing."""
    bind = op.get_bind()
    if not bind.exec_driver_sql("SELECT count(*) FROM consortium").scalar():
        return
    if bind.exec_driver_sql("SELECT count(*) FROM search_entry").scalar():
        return
    from negotiator.search import indexing

    indexing.reindex(bind)


def downgrade():
    # A comment's documents have no other target to go to: they go (their content stays).
    gone = "SELECT id FROM document WHERE comment_id IS NOT NULL"
    op.execute(f"DELETE FROM search_entry WHERE source = 'document' AND ref_id IN ({gone})")
    op.execute(f"DELETE FROM document WHERE id IN ({gone})")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_document_one_target"), type_="check")
        batch_op.create_check_constraint(op.f("ck_document_one_target"), OLD)
        batch_op.drop_constraint(batch_op.f("fk_document_comment_id_comment"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_document_comment_id"))
        batch_op.drop_column("comment_id")
