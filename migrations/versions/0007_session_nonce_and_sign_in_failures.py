"""session nonce on users (signing out ends every cookie); failed sign-ins per account (growing delays)

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts start with an empty nonce: their cookies stay valid until they next sign out.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_nonce", sa.String(length=32), server_default="", nullable=False))
    op.create_table(
        "sign_in_failures",
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("account_key", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_failures_last_failed_at"), ["last_failed_at"], unique=False)


def downgrade():
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_last_failed_at"))
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_nonce")
