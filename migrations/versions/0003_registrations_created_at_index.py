"""index registrations by creation time, for the dashboards' sign-ups per day

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_registrations_created_at", "registrations", ["created_at"], unique=False)


def downgrade():
    op.drop_index("ix_registrations_created_at", table_name="registrations")
