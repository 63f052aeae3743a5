"""Meetings belong to the council: meeting and action_item move from negotiation_id to
consortium_id; an agenda entry may be free (a title and a note, no item).

Existing meetings get their negotiation's consortium and are renumbered per council in the
order they took place (第N回協議会); a title the app generated (「第N回 <council>」) follows.

Revision ID: 0017_council15
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_council15"
down_revision = "0016"
branch_labels = None
depends_on = None


def _fill_consortium(table: str) -> None:
    op.execute(
        f"UPDATE {table} SET consortium_id = (SELECT negotiation.consortium_id FROM negotiation"
        f" WHERE negotiation.id = {table}.negotiation_id)"
    )


def _renumber() -> None:
    """Per council, by start; the old per-negotiation unique constraint is gone by now."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT meeting.id, meeting.consortium_id, meeting.number, meeting.title,"
            " consortium.name FROM meeting JOIN consortium"
            " ON consortium.id = meeting.consortium_id"
            " ORDER BY meeting.consortium_id, meeting.starts_at, meeting.id"
        )
    ).all()
    counts: dict[int, int] = {}
    for meeting_id, consortium_id, old, title, name in rows:
        new = counts[consortium_id] = counts.get(consortium_id, 0) + 1
        if title == f"第{old}回 {name}":
            title = f"第{new}回 {name}"
        bind.execute(
            sa.text("UPDATE meeting SET number = :n, title = :t WHERE id = :id"),
            {"n": new, "t": title, "id": meeting_id},
        )


def upgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consortium_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_meeting_negotiation_id_number", type_="unique")
    _fill_consortium("meeting")
    _renumber()
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.alter_column("consortium_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index("ix_meeting_negotiation_id")
        batch_op.drop_constraint("fk_meeting_negotiation_id_negotiation", type_="foreignkey")
        batch_op.drop_column("negotiation_id")
        batch_op.create_index("ix_meeting_consortium_id", ["consortium_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_meeting_consortium_id_consortium", "consortium", ["consortium_id"], ["id"]
        )
        batch_op.create_unique_constraint(
            "uq_meeting_consortium_id_number", ["consortium_id", "number"]
        )

    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consortium_id", sa.Integer(), nullable=True))
    _fill_consortium("action_item")
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.alter_column("consortium_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index("ix_action_item_negotiation_id")
        batch_op.drop_constraint("fk_action_item_negotiation_id_negotiation", type_="foreignkey")
        batch_op.drop_column("negotiation_id")
        batch_op.create_index("ix_action_item_consortium_id", ["consortium_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_action_item_consortium_id_consortium", "consortium", ["consortium_id"], ["id"]
        )

    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("title", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
        batch_op.alter_column("item_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        batch_op.alter_column("title", server_default=None)
        batch_op.alter_column("note", server_default=None)
        batch_op.create_check_constraint(
            "ck_meeting_item_item_or_title", "(item_id IS NULL) = (length(title) > 0)"
        )
        batch_op.create_check_constraint(
            "ck_meeting_item_note_only_free", "item_id IS NULL OR note = ''"
        )
        batch_op.create_check_constraint(
            "ck_meeting_item_note_length", "length(note) <= 2000"
        )


_FIRST_NEGOTIATION = (
    "(SELECT MIN(negotiation.id) FROM negotiation WHERE negotiation.consortium_id = {t}.consortium_id)"
)
_ITEM_NEGOTIATION = (
    "(SELECT agenda_item.negotiation_id FROM meeting_item JOIN agenda_item"
    " ON agenda_item.id = meeting_item.item_id WHERE meeting_item.meeting_id = meeting.id"
    " ORDER BY meeting_item.sort_order, meeting_item.id LIMIT 1)"
)


def _renumber_per_negotiation() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, negotiation_id FROM meeting ORDER BY negotiation_id, starts_at, id")
    ).all()
    counts: dict[int, int] = {}
    for meeting_id, negotiation_id in rows:
        counts[negotiation_id] = counts.get(negotiation_id, 0) + 1
        bind.execute(
            sa.text("UPDATE meeting SET number = :n WHERE id = :id"),
            {"n": counts[negotiation_id], "id": meeting_id},
        )


def downgrade():
    # A council meeting goes back to the negotiation of its first item, else to the council's
    # first negotiation; free agenda entries have nowhere to go and are dropped.
    op.execute("DELETE FROM meeting_item WHERE item_id IS NULL")
    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        batch_op.drop_constraint("ck_meeting_item_note_length", type_="check")
        batch_op.drop_constraint("ck_meeting_item_note_only_free", type_="check")
        batch_op.drop_constraint("ck_meeting_item_item_or_title", type_="check")
        batch_op.alter_column("item_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("note")
        batch_op.drop_column("title")

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("negotiation_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_meeting_consortium_id_number", type_="unique")
    first = _FIRST_NEGOTIATION.format(t="meeting")
    op.execute(f"UPDATE meeting SET negotiation_id = COALESCE({_ITEM_NEGOTIATION}, {first})")
    _renumber_per_negotiation()
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.alter_column("negotiation_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("fk_meeting_consortium_id_consortium", type_="foreignkey")
        batch_op.drop_index("ix_meeting_consortium_id")
        batch_op.drop_column("consortium_id")
        batch_op.create_index("ix_meeting_negotiation_id", ["negotiation_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_meeting_negotiation_id_negotiation", "negotiation", ["negotiation_id"], ["id"]
        )
        batch_op.create_unique_constraint(
            "uq_meeting_negotiation_id_number", ["negotiation_id", "number"]
        )

    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("negotiation_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE action_item SET negotiation_id = (SELECT meeting.negotiation_id FROM meeting"
        " WHERE meeting.id = action_item.meeting_id)"
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.alter_column("negotiation_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("fk_action_item_consortium_id_consortium", type_="foreignkey")
        batch_op.drop_index("ix_action_item_consortium_id")
        batch_op.drop_column("consortium_id")
        batch_op.create_index("ix_action_item_negotiation_id", ["negotiation_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_action_item_negotiation_id_negotiation", "negotiation", ["negotiation_id"], ["id"]
        )
