"""Join council-wide meetings (0017_council15) with members' own notes (0017_notes14).

Revision ID: 0018
Revises: 0017_council15, 0017_notes14
"""

revision = "0018"
down_revision = ("0017_council15", "0017_notes14")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
