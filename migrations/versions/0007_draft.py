"""Agreement articles keep the wording they were generated with, so edits can be shown.

Revision ID: 0007_draft
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_draft"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agreement_article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_caption", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("original_body", sa.Text(), nullable=True))
    # Existing articles: what they say now is all that is known of their origin.
    op.execute("UPDATE agreement_article SET original_caption = caption, original_body = body")


def downgrade():
    with op.batch_alter_table("agreement_article", schema=None) as batch_op:
        batch_op.drop_column("original_body")
        batch_op.drop_column("original_caption")
