"""Join attendance answers (0015_attend15) with the minutes' signers (0015_minutes15).

Revision ID: 0016
Revises: 0015_attend15, 0015_minutes15
"""

revision = "0016"
down_revision = ("0015_attend15", "0015_minutes15")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
