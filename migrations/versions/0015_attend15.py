"""出欠回答: each member's attendance answer before a meeting (出席 / 欠席 / 代理出席).

Revision ID: 0015_attend15
Revises: 0014_daily15
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_attend15"
down_revision = "0014_daily15"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attendance_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=False),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(answer = 'absent') = (attendees = '')",
            name=op.f("ck_attendance_answer_attendees_iff_coming"),
        ),
        sa.CheckConstraint(
            "answer IN ('attend', 'absent', 'proxy')",
            name=op.f("ck_attendance_answer_answer_valid"),
        ),
        sa.CheckConstraint(
            "length(attendees) <= 1000", name=op.f("ck_attendance_answer_attendees_length")
        ),
        sa.CheckConstraint("length(note) <= 1000", name=op.f("ck_attendance_answer_note_length")),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user_account.id"],
            name=op.f("fk_attendance_answer_answered_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_answer_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_attendance_answer_member_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_answer")),
        sa.UniqueConstraint(
            "meeting_id", "member_id", name=op.f("uq_attendance_answer_meeting_id_member_id")
        ),
    )
    with op.batch_alter_table("attendance_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_answer_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("attendance_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_answer_meeting_id"))

    op.drop_table("attendance_answer")
