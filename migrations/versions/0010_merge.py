"""Join the branches of meeting events, relay settings and render jobs.

Revision ID: 0010
Revises: 0009_meeting_events, 0009_relay_settings, 0009_renders
"""

revision = "0010"
down_revision = ("0009_meeting_events", "0009_relay_settings", "0009_renders")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
