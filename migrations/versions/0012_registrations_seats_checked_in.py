"""registrations.seats_checked_in: how many of a party's seats arrived at the door

Revision ID: 0012
Revises: 0011

A party of two may arrive one at a time. Rows already checked in arrived whole.
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seats_checked_in", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_check_constraint("seats_checked_in_positive", "seats_checked_in >= 0")
    op.execute("UPDATE registrations SET seats_checked_in = seats WHERE checked_in_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint("seats_checked_in_positive", type_="check")
        batch_op.drop_column("seats_checked_in")
