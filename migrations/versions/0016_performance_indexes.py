"""Calendar feeds' last change: sessions.changed_at, venues.updated_at, indexes on them and events.updated_at

Revision ID: 0016
Revises: 0015

The feeds answer ETag / Last-Modified from the latest change to what they show, read
from these columns through their indexes (one index probe each, whatever the data's size).
Rows already there start from their creation time.
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    # Added NOT NULL with a default, so SQLite adds it in place (rebuilding `sessions` would trip the foreign
    # keys pointing at it); then each row takes its creation time, and PostgreSQL drops the default (the
    # application always sets the value; SQLite cannot drop a default without rebuilding the table).
    for table, column in (("sessions", "changed_at"), ("venues", "updated_at")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.DateTime(), nullable=False,
                                          server_default="2000-01-01 00:00:00"))
        op.execute(f"UPDATE {table} SET {column} = created_at")  # noqa: S608 (names from the list above)
        if op.get_bind().dialect.name == "postgresql":
            op.alter_column(table, column, server_default=None)
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_changed_at"), ["changed_at"], unique=False)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_updated_at"), ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_updated_at"))
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_changed_at"))
        batch_op.drop_column("changed_at")
