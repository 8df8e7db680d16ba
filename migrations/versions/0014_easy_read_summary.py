"""events.easy_read_summary and registrations.easy_read: the easy-to-read mode (issue 20)

Revision ID: 0014
Revises: 0013

An event may carry a few short sentences in easy-to-read French (FALC), shown in the mode instead of
its description; a booking made in the mode gets its emails in easy-to-read words too.
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("easy_read_summary", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("easy_read", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("easy_read")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("easy_read_summary")
