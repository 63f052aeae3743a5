"""Positions typed into the app get their own source (「このアプリで入力」) instead of メール.

Revision ID: 0014_daily15
Revises: 0013
"""

from alembic import op

revision = "0014_daily15"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD = "source IN ('meeting', 'email', 'document', 'phone', 'round', 'other')"
NEW = "source IN ('app', 'meeting', 'email', 'document', 'phone', 'round', 'other')"


def upgrade():
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_position_source_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_position_source_valid"), NEW)


def downgrade():
    # Which positions were typed into the app is not recorded elsewhere: say "other".
    op.execute("UPDATE position SET source = 'other' WHERE source = 'app'")
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_position_source_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_position_source_valid"), OLD)
