"""Documents (資料): their records, and their content once per SHA-256 (bytea on PostgreSQL).

Revision ID: 0020_docs14
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_docs14"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_document_blob_sha256_length")),
        sa.CheckConstraint("size >= 1", name=op.f("ck_document_blob_size_positive")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_document_blob")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consortium_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "media_type IN ('application/msword', 'application/pdf', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/gif', 'image/jpeg', 'image/png', 'text/csv', 'text/plain')",
            name=op.f("ck_document_media_type_valid"),
        ),
        sa.CheckConstraint(
            "(CASE WHEN item_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN revision_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_document_one_target"),
        ),
        sa.CheckConstraint(
            "(deleted_at IS NULL) = (deleted_by_id IS NULL)",
            name=op.f("ck_document_deleted_by_whom"),
        ),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 200", name=op.f("ck_document_name_length")),
        sa.CheckConstraint("size >= 1", name=op.f("ck_document_size_positive")),
        sa.ForeignKeyConstraint(
            ["consortium_id"], ["consortium.id"], name=op.f("fk_document_consortium_id_consortium")
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by_id"],
            ["user_account.id"],
            name=op.f("fk_document_deleted_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_document_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_document_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["proposal_revision.id"],
            name=op.f("fk_document_revision_id_proposal_revision"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["document_blob.sha256"], name=op.f("fk_document_sha256_document_blob")
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"], ["user_account.id"], name=op.f("fk_document_uploader_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_consortium_id"), ["consortium_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_revision_id"), ["revision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_sha256"), ["sha256"], unique=False)


def downgrade():
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_document_revision_id"))
        batch_op.drop_index(batch_op.f("ix_document_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_document_item_id"))
        batch_op.drop_index(batch_op.f("ix_document_consortium_id"))

    op.drop_table("document")
    op.drop_table("document_blob")
