"""One password-check counter per username, replacing the row-per-failure login table.

Revision ID: 0007_password_throttle
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_password_throttle"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "password_throttle",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "attempts >= 0", name=op.f("ck_password_throttle_attempts_not_negative")
        ),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_password_throttle")),
    )
    # Counts of failed logins are short-lived; they are not carried over.
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failure_username"))
        batch_op.drop_index(batch_op.f("ix_login_failure_at"))
    op.drop_table("login_failure")


def downgrade():
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failure_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_failure_username"), ["username"], unique=False)
    op.drop_table("password_throttle")
