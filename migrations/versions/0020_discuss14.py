"""Discussion on items: comments with their edit history, 修正案, and the mention notification.

Revision ID: 0020_discuss14
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_discuss14"
down_revision = "0019"
branch_labels = None
depends_on = None

KINDS = (
    "'item_new', 'item_revised', 'position', 'objection', 'state_change', 'meeting', 'agenda', "
    "'minutes', 'round_opened', 'round_reminder', 'round_closed', 'signature', 'signed', "
    "'approval', 'action_due'"
)


def _kinds(kinds: str) -> None:
    for table in ("notification", "preference"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind_valid"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind_valid"), f"kind IN ({kinds})")


def upgrade():
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mentioned_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(body) BETWEEN 1 AND 10000", name=op.f("ck_comment_body_length")
        ),
        sa.CheckConstraint("revision_number >= 1", name=op.f("ck_comment_revision_positive")),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_comment_not_own_parent")
        ),
        sa.CheckConstraint(
            "(edited_at IS NULL) = (version = 1)", name=op.f("ck_comment_edited_when_changed")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_comment_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_comment_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["mentioned_member_id"], ["member.id"], name=op.f("fk_comment_mentioned_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["comment.id"], name=op.f("fk_comment_parent_id_comment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment")),
    )
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comment_parent_id"), ["parent_id"], unique=False)
    op.create_table(
        "comment_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(body) BETWEEN 1 AND 10000", name=op.f("ck_comment_edit_body_length")
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_comment_edit_comment_id_comment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_edit")),
    )
    with op.batch_alter_table("comment_edit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comment_edit_comment_id"), ["comment_id"], unique=False
        )
    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('open', 'accepted', 'declined', 'withdrawn')",
            name=op.f("ck_suggestion_state_valid"),
        ),
        sa.CheckConstraint("base_revision >= 1", name=op.f("ck_suggestion_base_positive")),
        sa.CheckConstraint("length(text) > 0", name=op.f("ck_suggestion_text_not_empty")),
        sa.CheckConstraint(
            "length(reason) BETWEEN 1 AND 2000", name=op.f("ck_suggestion_reason_length")
        ),
        sa.CheckConstraint(
            "(state = 'open') = (decided_at IS NULL)", name=op.f("ck_suggestion_decided_when_closed")
        ),
        sa.CheckConstraint(
            "(state = 'accepted') = (revision_id IS NOT NULL)",
            name=op.f("ck_suggestion_accepted_has_revision"),
        ),
        sa.CheckConstraint(
            "state <> 'declined' OR length(decline_reason) > 0",
            name=op.f("ck_suggestion_declined_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_suggestion_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_suggestion_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_suggestion_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_suggestion_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["proposal_revision.id"],
            name=op.f("fk_suggestion_revision_id_proposal_revision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion")),
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index("ix_suggestion_item_id_state", ["item_id", "state"], unique=False)
    _kinds(KINDS + ", 'mention'")


def downgrade():
    op.execute("DELETE FROM notification WHERE kind = 'mention'")
    op.execute("DELETE FROM preference WHERE kind = 'mention'")
    _kinds(KINDS)
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index("ix_suggestion_item_id_state")
    op.drop_table("suggestion")
    with op.batch_alter_table("comment_edit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_edit_comment_id"))
    op.drop_table("comment_edit")
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_parent_id"))
        batch_op.drop_index(batch_op.f("ix_comment_item_id"))
    op.drop_table("comment")
