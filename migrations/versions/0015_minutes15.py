"""議事録署名人: members designated to sign a meeting's minutes (issue 15, item 4).

Revision ID: 0015_minutes15
Revises: 0014_daily15
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_minutes15"
down_revision = "0014_daily15"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "minutes_signer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("designated_by_id", sa.Integer(), nullable=False),
        sa.Column("designated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_signer_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_minutes_signer_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["designated_by_id"],
            ["user_account.id"],
            name=op.f("fk_minutes_signer_designated_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_signer")),
        sa.UniqueConstraint(
            "meeting_id", "member_id", name=op.f("uq_minutes_signer_meeting_id_member_id")
        ),
    )
    with op.batch_alter_table("minutes_signer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_signer_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_minutes_signer_member_id"), ["member_id"], unique=False)


def downgrade():
    with op.batch_alter_table("minutes_signer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_signer_member_id"))
        batch_op.drop_index(batch_op.f("ix_minutes_signer_meeting_id"))
    op.drop_table("minutes_signer")
