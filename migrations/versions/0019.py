"""Join structured audit summaries (0017_english15) with main's line (0018).

Revision ID: 0019
Revises: 0018, 0017_english15
"""

revision = "0019"
down_revision = ("0018", "0017_english15")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
