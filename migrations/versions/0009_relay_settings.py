"""Relay settings: PUBLIC_URL in the configuration is the one source of links (the admin
screen's own public_url goes); the SMTP password is stored encrypted (longer column).

Revision ID: 0009_relay_settings
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0009_relay_settings"
down_revision = "0008"
branch_labels = None
depends_on = None

SETTINGS = sa.table("mail_settings", sa.column("id"), sa.column("password"))


def _rewrite(convert) -> None:  # noqa: ANN001
    bind = op.get_bind()
    for row_id, password in bind.execute(sa.select(SETTINGS.c.id, SETTINGS.c.password)).all():
        if password:
            bind.execute(
                SETTINGS.update().where(SETTINGS.c.id == row_id).values(password=convert(password))
            )


def upgrade():
    with op.batch_alter_table("mail_settings", schema=None) as batch_op:
        batch_op.drop_column("public_url")
        batch_op.alter_column(
            "password", existing_type=sa.String(length=255), type_=sa.String(length=500)
        )
    from negotiator.notifications.secret import seal

    # A password saved in the clear before this revision is encrypted now.
    _rewrite(lambda plain: seal(plain, current_app.config["SECRET_KEY"]))


def downgrade():
    from negotiator.notifications.secret import unseal

    _rewrite(unseal)
    with op.batch_alter_table("mail_settings", schema=None) as batch_op:
        batch_op.alter_column(
            "password", existing_type=sa.String(length=500), type_=sa.String(length=255)
        )
        batch_op.add_column(
            sa.Column("public_url", sa.String(length=300), nullable=False, server_default="")
        )
