"""Join the branches of 決裁 records and amendment agreements (変更協定).

Revision ID: 0012
Revises: 0011_amend, 0011_kessai
"""

revision = "0012"
down_revision = ("0011_amend", "0011_kessai")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
