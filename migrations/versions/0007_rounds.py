"""Written rounds get states (open, closed, cancelled, superseded), recorded results and
みなし同意, a version for stale forms; the audit log allows user-less entries only for the app.

Revision ID: 0007_rounds
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_rounds"
down_revision = "0006"
branch_labels = None
depends_on = None

STATES = "state IN ('open', 'closed', 'cancelled', 'superseded')"
CAUSES = (
    "end_cause IN ('deadline', 'all_answered', 'early', 'cancelled', 'superseded')"
)
RESULTS = "result IS NULL OR result IN ('met', 'not_met', 'superseded')"
ACTOR = "actor_id IS NOT NULL OR actor_name = 'system' OR actor_name LIKE 'システム%'"
APPEND_ONLY = "audit_entry is append-only"


def upgrade():
    with op.batch_alter_table("written_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="open"))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("end_cause", sa.String(16), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("end_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    # Rounds every member had answered were closed early; the others stay open and the
    # deadline job closes them, recording their results.
    op.execute(
        "UPDATE written_round SET state = 'closed', closed_at = closed_early_at, "
        "end_cause = 'all_answered' "
        "WHERE closed_early_at IS NOT NULL"
    )
    with op.batch_alter_table("written_round", schema=None) as batch_op:
        for name in ("state", "end_reason", "version"):
            batch_op.alter_column(name, server_default=None)
        batch_op.drop_column("closed_early_at")
        batch_op.create_index(batch_op.f("ix_written_round_state"), ["state"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_written_round_closed_by_id_user_account"),
            "user_account",
            ["closed_by_id"],
            ["id"],
        )
        batch_op.create_check_constraint("state_valid", STATES)
        batch_op.create_check_constraint("closed_when_ended", "(state = 'open') = (closed_at IS NULL)")
        batch_op.create_check_constraint("cause_when_ended", "(state = 'open') = (end_cause IS NULL)")
        batch_op.create_check_constraint("end_cause_valid", CAUSES)
        batch_op.create_check_constraint(
            "cancel_has_reason", "state != 'cancelled' OR length(end_reason) > 0"
        )
    with op.batch_alter_table("round_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result", sa.String(16), nullable=True))
        batch_op.create_check_constraint("result_valid", RESULTS)
    op.create_table(
        "deemed_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_deemed_consent_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["round_item_id"],
            ["round_item.id"],
            name=op.f("fk_deemed_consent_round_item_id_round_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deemed_consent")),
        sa.UniqueConstraint(
            "round_item_id", "member_id", name=op.f("uq_deemed_consent_round_item_id_member_id")
        ),
    )
    with op.batch_alter_table("deemed_consent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deemed_consent_round_item_id"), ["round_item_id"], unique=False
        )
    _audit(lambda batch_op: batch_op.create_check_constraint("actor_known", ACTOR))


def _audit(change) -> None:  # noqa: ANN001
    """Change audit_entry; SQLite rebuilds the table, so its append-only triggers are remade."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER audit_entry_no_update")
        op.execute("DROP TRIGGER audit_entry_no_delete")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        change(batch_op)
    if sqlite:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def downgrade():
    _audit(lambda batch_op: batch_op.drop_constraint("actor_known", type_="check"))
    with op.batch_alter_table("deemed_consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deemed_consent_round_item_id"))
    op.drop_table("deemed_consent")
    with op.batch_alter_table("round_item", schema=None) as batch_op:
        batch_op.drop_constraint("result_valid", type_="check")
        batch_op.drop_column("result")
    with op.batch_alter_table("written_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_early_at", sa.DateTime(timezone=True), nullable=True))
    # Every ended round stays ended in the older schema.
    op.execute("UPDATE written_round SET closed_early_at = closed_at WHERE state != 'open'")
    with op.batch_alter_table("written_round", schema=None) as batch_op:
        for name in (
            "state_valid",
            "closed_when_ended",
            "cause_when_ended",
            "end_cause_valid",
            "cancel_has_reason",
        ):
            batch_op.drop_constraint(name, type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_written_round_closed_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_written_round_state"))
        for name in ("version", "end_reason", "closed_by_id", "end_cause", "closed_at", "state"):
            batch_op.drop_column(name)
