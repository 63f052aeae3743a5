"""Join members joining and leaving (0012_members) with the 決裁 and 変更協定 branches.

Revision ID: 0013
Revises: 0012, 0012_members
"""

revision = "0013"
down_revision = ("0012", "0012_members")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
