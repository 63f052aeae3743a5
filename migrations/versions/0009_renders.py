"""Render jobs (PDFs made in the background), and agreements being prepared for signature.

Revision ID: 0009_renders
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_renders"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_STATUS = "status IN ('draft', 'out_for_signature', 'executed', 'superseded')"
NEW_STATUS = "status IN ('draft', 'preparing', 'out_for_signature', 'executed', 'superseded')"


def upgrade():
    op.create_table(
        "render_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.String(length=200), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("attachment", sa.Text(), nullable=True),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.Column("result_sha256", sa.String(length=64), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed')",
            name=op.f("ck_render_job_state_valid"),
        ),
        sa.CheckConstraint(
            "(state <> 'failed') OR (error <> '')", name=op.f("ck_render_job_failed_has_error")
        ),
        sa.CheckConstraint(
            "(state NOT IN ('done', 'failed')) OR (finished_at IS NOT NULL)",
            name=op.f("ck_render_job_finished_has_time"),
        ),
        sa.CheckConstraint(
            "(result IS NULL) = (result_sha256 IS NULL)",
            name=op.f("ck_render_job_result_has_hash"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_render_job_requested_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_render_job")),
        sa.UniqueConstraint(
            "kind",
            "subject_id",
            "content_hash",
            name=op.f("uq_render_job_kind_subject_id_content_hash"),
        ),
    )
    with op.batch_alter_table("render_job", schema=None) as batch_op:
        batch_op.create_index(
            "ix_render_job_state_requested_at", ["state", "requested_at"], unique=False
        )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agreement_status_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_agreement_status_valid"), NEW_STATUS)


def downgrade():
    # An agreement still being prepared goes back to the draft it was.
    op.execute(
        "UPDATE agreement SET status = 'draft', content_json = NULL, content_hash = NULL, "
        "sent_at = NULL WHERE status = 'preparing'"
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agreement_status_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_agreement_status_valid"), OLD_STATUS)
    with op.batch_alter_table("render_job", schema=None) as batch_op:
        batch_op.drop_index("ix_render_job_state_requested_at")
    op.drop_table("render_job")
