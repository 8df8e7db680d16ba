"""export logs: who downloaded which personal data

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "export_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=120), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_export_logs_user_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_logs")),
    )
    with op.batch_alter_table("export_logs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_logs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_logs_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("export_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_logs_user_id"))
        batch_op.drop_index(batch_op.f("ix_export_logs_created_at"))
    op.drop_table("export_logs")
