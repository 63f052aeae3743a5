"""Join documents on comments (0023_commentdocs) and the single trigram index (0023_searchpg).

Revision ID: 0024
Revises: 0023_commentdocs, 0023_searchpg
"""

revision = "0024"
down_revision = ("0023_commentdocs", "0023_searchpg")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
