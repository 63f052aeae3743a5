"""Join the branches of execution methods, drafting, password throttle, rounds and jobs.

Revision ID: 0008
Revises: 0007_exec, 0007_draft, 0007_password_throttle, 0007_rounds, 0007_jobs
"""

revision = "0008"
down_revision = (
    "0007_exec",
    "0007_draft",
    "0007_password_throttle",
    "0007_rounds",
    "0007_jobs",
)
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
