"""teams.contact_email; session_messages: the history of organisers' messages to a session's people

Revision ID: 0011
Revises: 0010

- teams.contact_email: the team's contact address, the Reply-To of its messages to attendees;
- session_messages: each message sent (subject, text, the groups chosen, how many it reached, who sent it).
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
    op.create_table(
        "session_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("audiences", sa.String(length=64), nullable=False),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_session_messages_session_id_sessions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"], name=op.f("fk_session_messages_sent_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_messages")),
    )
    with op.batch_alter_table("session_messages", schema=None) as batch_op:
        batch_op.create_index("ix_session_messages_session_created", ["session_id", "created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("session_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_session_messages_session_created")
    op.drop_table("session_messages")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("contact_email")
