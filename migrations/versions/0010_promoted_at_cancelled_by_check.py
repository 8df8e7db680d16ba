"""registrations.promoted_at, a CHECK on cancelled_by; users.calendar_token dropped

Revision ID: 0010
Revises: 0009

- registrations.promoted_at: when a waiting party got its seats. The dashboards
  inferred it from confirmed_at > created_at (a booking confirmed at once has both
  equal); rows promoted before this migration get it the same way;
- registrations.cancelled_by takes only attendee, organiser or session (CancelledBy);
- users.calendar_token: never read (personal feeds live in calendar_feeds).
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('confirmed', 'waitlisted')"
CANCELLED_BY = "cancelled_by IS NULL OR cancelled_by IN ('attendee', 'organiser', 'session')"


def upgrade():
    op.add_column("registrations", sa.Column("promoted_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE registrations SET promoted_at = confirmed_at "
               "WHERE confirmed_at IS NOT NULL AND confirmed_at > created_at")
    # SQLite rebuilds the table to add a CHECK; its copy would lose the partial index, so set it aside.
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_check_constraint("cancelled_by", CANCELLED_BY)
    _create_active_email_index()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_calendar_token"), type_="unique")
        batch_op.drop_column("calendar_token")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_calendar_token"), ["calendar_token"])
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registrations_cancelled_by"), type_="check")
        batch_op.drop_column("promoted_at")
    _create_active_email_index()


def _create_active_email_index():
    op.create_index(
        "uq_registrations_active_email",
        "registrations",
        ["session_id", "email_key"],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )
