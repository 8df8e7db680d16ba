"""registrations.email and email_key may be empty: people booked at the desk or by a partner without an address

Revision ID: 0013
Revises: 0012

A social worker's group or a phone booking often has no email address: such a registration
gets no message (the organiser prints or reads out the booking). The unique index on
(session_id, email_key) for active rows treats NULLs as distinct on both databases.
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(254), nullable=True)
        batch_op.alter_column("email_key", existing_type=sa.String(254), nullable=True)


def downgrade():
    # A registration without an address gets a stand-in no one reads: the anonymised domain.
    op.execute("UPDATE registrations SET email = 'no-email-' || id || '@anonymised.invalid', "
               "email_key = 'no-email-' || id || '@anonymised.invalid' WHERE email IS NULL")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("email_key", existing_type=sa.String(254), nullable=False)
        batch_op.alter_column("email", existing_type=sa.String(254), nullable=False)
