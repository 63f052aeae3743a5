"""Audit entries keep their summary as data too (a message id and parameters), for English.

Revision ID: 0017_english15
Revises: 0016

Existing entries are not rewritten: the log is append-only (0002). Their summaries are read
back into messages when shown (negotiator/audit/messages.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_english15"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: a batch rebuild of the table would drop its append-only triggers.
    op.add_column("audit_entry", sa.Column("message", sa.JSON(), nullable=True))


def downgrade():
    # SQLite 3.35+ drops a column in place (the triggers stay); PostgreSQL always could.
    op.execute("ALTER TABLE audit_entry DROP COLUMN message")
