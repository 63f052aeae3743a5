"""Join the discussion (0020_discuss14), documents (0020_docs14) and the API (0020_api17).

Revision ID: 0021
Revises: 0020_discuss14, 0020_docs14, 0020_api17
"""

revision = "0021"
down_revision = ("0020_discuss14", "0020_docs14", "0020_api17")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
