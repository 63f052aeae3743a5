"""Amendment agreements (変更協定): what they amend, their style, the items they release.

Revision ID: 0011_amend
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_amend"
down_revision = "0010"
branch_labels = None
depends_on = None

IN_PROGRESS = "status IN ('draft', 'preparing', 'out_for_signature')"


def upgrade():
    op.create_table(
        "amendment_item",
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_amendment_item_agreement_id_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_amendment_item_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("agreement_id", "item_id", name=op.f("pk_amendment_item")),
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amends_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("amendment_style", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("amendment_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_agreement_amends_id"), ["amends_id"], unique=False)
        batch_op.create_index(
            "uq_agreement_amendment_in_progress",
            ["amends_id"],
            unique=True,
            sqlite_where=sa.text(IN_PROGRESS),
            postgresql_where=sa.text(IN_PROGRESS),
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agreement_amends_id_agreement"), "agreement", ["amends_id"], ["id"]
        )
        batch_op.create_check_constraint(
            op.f("ck_agreement_amendment_style_valid"),
            "amendment_style IN ('kaimebun', 'table')",
        )
        batch_op.create_check_constraint(
            op.f("ck_agreement_amendment_has_style"),
            "(amends_id IS NULL) = (amendment_style IS NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_agreement_amends_other"), "amends_id IS NULL OR amends_id <> id"
        )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.alter_column("amendment_reason", server_default=None)
    with op.batch_alter_table("agreement_article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_key", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("agreement_article", schema=None) as batch_op:
        batch_op.drop_column("origin_key")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agreement_amends_other"), type_="check")
        batch_op.drop_constraint(op.f("ck_agreement_amendment_has_style"), type_="check")
        batch_op.drop_constraint(op.f("ck_agreement_amendment_style_valid"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_agreement_amends_id_agreement"), type_="foreignkey")
        batch_op.drop_index("uq_agreement_amendment_in_progress")
        batch_op.drop_index(batch_op.f("ix_agreement_amends_id"))
        batch_op.drop_column("amendment_reason")
        batch_op.drop_column("amendment_style")
        batch_op.drop_column("amends_id")
    op.drop_table("amendment_item")
