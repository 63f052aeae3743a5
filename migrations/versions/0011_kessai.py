"""決裁 before signing: each member's internal approval of a frozen agreement, and the council
setting that makes signing wait for it.

Revision ID: 0011_kessai
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_kessai"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("drafted_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("approver_title", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status <> 'approved') OR (drafted_on IS NOT NULL AND approved_on IS NOT NULL"
            " AND document_number <> '' AND approver_title <> '')",
            name=op.f("ck_approval_approved_complete"),
        ),
        sa.CheckConstraint(
            "(status <> 'not_required') OR (drafted_on IS NULL AND approved_on IS NULL"
            " AND document_number = '' AND approver_title = '')",
            name=op.f("ck_approval_not_required_empty"),
        ),
        sa.CheckConstraint(
            "drafted_on IS NULL OR approved_on IS NULL OR drafted_on <= approved_on",
            name=op.f("ck_approval_drafted_before_approved"),
        ),
        sa.CheckConstraint(
            "length(content_hash) = 64", name=op.f("ck_approval_content_hash_length")
        ),
        sa.CheckConstraint(
            "status IN ('approved', 'not_required')", name=op.f("ck_approval_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreement.id"], name=op.f("fk_approval_agreement_id_agreement")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_approval_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_approval_recorded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval")),
        sa.UniqueConstraint(
            "agreement_id", "member_id", name=op.f("uq_approval_agreement_id_member_id")
        ),
    )
    with op.batch_alter_table("approval", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_approval_agreement_id"), ["agreement_id"], unique=False
        )
    with op.batch_alter_table("consortium", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("approval_required", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("consortium", schema=None) as batch_op:
        batch_op.alter_column("approval_required", server_default=None)


def downgrade():
    with op.batch_alter_table("consortium", schema=None) as batch_op:
        batch_op.drop_column("approval_required")
    with op.batch_alter_table("approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_agreement_id"))
    op.drop_table("approval")
