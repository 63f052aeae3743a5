"""Members joining and leaving: joined_on, left_on and the reason for leaving.

Revision ID: 0012_members
Revises: 0011_amend
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_members"
down_revision = "0011_amend"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("leave_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.create_check_constraint(
            "joined_before_left", "joined_on IS NULL OR left_on IS NULL OR joined_on <= left_on"
        )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.alter_column("leave_reason", server_default=None)


def downgrade():
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_constraint("joined_before_left", type_="check")
        batch_op.drop_column("leave_reason")
        batch_op.drop_column("left_on")
        batch_op.drop_column("joined_on")
