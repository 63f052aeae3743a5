"""内部メモ: a member's own notes on an item, read by its liaisons and signatories only.

Revision ID: 0017_notes14
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_notes14"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(body) BETWEEN 1 AND 4000", name=op.f("ck_member_note_body_length")
        ),
        sa.CheckConstraint("revision_number >= 1", name=op.f("ck_member_note_revision_positive")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_member_note_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_member_note_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_member_note_member_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_note")),
    )
    with op.batch_alter_table("member_note", schema=None) as batch_op:
        batch_op.create_index(
            "ix_member_note_item_id_member_id", ["item_id", "member_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("member_note", schema=None) as batch_op:
        batch_op.drop_index("ix_member_note_item_id_member_id")
    op.drop_table("member_note")
