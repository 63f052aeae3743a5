"""Meetings can be cancelled (with a reason) and their agenda published; a mail in the outbox
may carry one attachment (the meeting's .ics).

Revision ID: 0009_meeting_events
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_meeting_events"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_STATUS = "status IN ('scheduled', 'held', 'confirmed')"
NEW_STATUS = "status IN ('scheduled', 'held', 'confirmed', 'cancelled')"
ATTACHMENT = (
    "(attachment IS NULL) = (attachment_type IS NULL) AND "
    "(attachment IS NULL) = (attachment_name IS NULL)"
)


def upgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("agenda_published_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("agenda_publish_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("agenda_digest", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.drop_constraint(op.f("ck_meeting_status_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_meeting_status_valid"), NEW_STATUS)
        batch_op.create_check_constraint(
            op.f("ck_meeting_publish_count_non_negative"), "agenda_publish_count >= 0"
        )
        batch_op.create_check_constraint(
            op.f("ck_meeting_cancelled_when"),
            "(status = 'cancelled') = (cancelled_at IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_meeting_cancel_has_reason"),
            "status != 'cancelled' OR length(cancel_reason) > 0",
        )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        for name in ("agenda_publish_count", "agenda_digest", "cancel_reason"):
            batch_op.alter_column(name, server_default=None)
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attachment_name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("attachment_type", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("attachment", sa.LargeBinary(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_outgoing_mail_attachment_complete"), ATTACHMENT)


def downgrade():
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_mail_attachment_complete"), type_="check")
        batch_op.drop_column("attachment")
        batch_op.drop_column("attachment_type")
        batch_op.drop_column("attachment_name")
    # A cancelled meeting has no place in the older schema: it goes back to scheduled.
    op.execute("UPDATE meeting SET status = 'scheduled', cancelled_at = NULL WHERE status = 'cancelled'")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_meeting_cancel_has_reason"), type_="check")
        batch_op.drop_constraint(op.f("ck_meeting_cancelled_when"), type_="check")
        batch_op.drop_constraint(op.f("ck_meeting_publish_count_non_negative"), type_="check")
        batch_op.drop_constraint(op.f("ck_meeting_status_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_meeting_status_valid"), OLD_STATUS)
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("agenda_digest")
        batch_op.drop_column("agenda_publish_count")
        batch_op.drop_column("agenda_published_at")
