"""Execution methods, the partly signed PDF, scanned originals, member certificates, 締結日 rule.

Revision ID: 0007_exec
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_exec"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_KIND = (
    "(kind = 'electronic' AND signer_id IS NOT NULL AND paper_date IS NULL) OR "
    "(kind = 'paper' AND paper_date IS NOT NULL)"
)
NEW_KIND = (
    "(kind IN ('electronic', 'party') AND signer_id IS NOT NULL AND paper_date IS NULL) OR "
    "(kind = 'paper' AND paper_date IS NOT NULL)"
)


def upgrade():
    op.create_table(
        "member_certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(length=64), nullable=False),
        sa.Column("pem", sa.Text(), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_member_certificate_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"],
            ["user_account.id"],
            name=op.f("fk_member_certificate_registered_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_certificate")),
        sa.UniqueConstraint(
            "member_id",
            "fingerprint_sha256",
            name=op.f("uq_member_certificate_member_id_fingerprint_sha256"),
        ),
    )
    with op.batch_alter_table("member_certificate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_certificate_member_id"), ["member_id"], unique=False
        )
    # Agreements sent before this revision may lack a 締結日: the day they were sent stands in.
    day = "date(sent_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(sent_at AS DATE)"
    op.execute(
        f"UPDATE agreement SET signing_date = {day} "
        "WHERE status <> 'draft' AND signing_date IS NULL"
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "execution_method", sa.String(length=16), nullable=False, server_default="witness"
            )
        )
        batch_op.add_column(sa.Column("current_pdf", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("current_pdf_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("original_scan", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("original_scan_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "original_scan_name", sa.String(length=200), nullable=False, server_default=""
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_agreement_execution_method_valid"),
            "execution_method IN ('witness', 'party', 'paper')",
        )
        batch_op.create_check_constraint(
            op.f("ck_agreement_sent_has_signing_date"),
            "(status = 'draft') OR (signing_date IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_agreement_scan_has_hash"),
            "(original_scan IS NULL) = (original_scan_sha256 IS NULL)",
        )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.alter_column("execution_method", server_default=None)
        batch_op.alter_column("original_scan_name", server_default=None)
    with op.batch_alter_table("signature", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("signer_name", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("signer_title", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.drop_constraint(op.f("ck_signature_kind_valid"), type_="check")
        batch_op.drop_constraint(op.f("ck_signature_kind_fields"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_signature_kind_valid"), "kind IN ('electronic', 'party', 'paper')"
        )
        batch_op.create_check_constraint(op.f("ck_signature_kind_fields"), NEW_KIND)
    with op.batch_alter_table("signature", schema=None) as batch_op:
        batch_op.alter_column("signer_name", server_default=None)
        batch_op.alter_column("signer_title", server_default=None)


def downgrade():
    op.execute("DELETE FROM signature WHERE kind = 'party'")
    with op.batch_alter_table("signature", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_signature_kind_fields"), type_="check")
        batch_op.drop_constraint(op.f("ck_signature_kind_valid"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_signature_kind_valid"), "kind IN ('electronic', 'paper')"
        )
        batch_op.create_check_constraint(op.f("ck_signature_kind_fields"), OLD_KIND)
        batch_op.drop_column("signer_title")
        batch_op.drop_column("signer_name")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agreement_scan_has_hash"), type_="check")
        batch_op.drop_constraint(op.f("ck_agreement_sent_has_signing_date"), type_="check")
        batch_op.drop_constraint(op.f("ck_agreement_execution_method_valid"), type_="check")
        batch_op.drop_column("original_scan_name")
        batch_op.drop_column("original_scan_sha256")
        batch_op.drop_column("original_scan")
        batch_op.drop_column("current_pdf_sha256")
        batch_op.drop_column("current_pdf")
        batch_op.drop_column("execution_method")
    with op.batch_alter_table("member_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_certificate_member_id"))
    op.drop_table("member_certificate")
