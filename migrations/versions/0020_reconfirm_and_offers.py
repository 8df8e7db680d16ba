"""Reconfirm or release, offers that expire, no-shows

Revision ID: 0020
Revises: 0019

- sessions.reconfirm_days_before (null: off) and sessions.offer_hours (null: seats given at once);
- teams.reconfirm_days_before: what new sessions of the team take unless told otherwise;
- registrations: status `offered` (with offer_expires_at), reconfirm_status (null, requested,
  reconfirmed, released) with reconfirm_requested_at and reconfirm_reminded_at, no_show_at;
  cancelled_by takes `released` and `offer_expired` too;
  (the services check the ranges of the new settings: a CHECK on sessions or teams would make SQLite rebuild
  tables other tables point at);
- the one-active-booking-per-email index counts `offered` as active.
"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

RECONFIRM_STATUS = "reconfirm_status IS NULL OR reconfirm_status IN ('requested', 'reconfirmed', 'released')"
STATUS = "status IN ('confirmed', 'waitlisted', 'offered', 'cancelled')"
OLD_STATUS = "status IN ('confirmed', 'waitlisted', 'cancelled')"
CANCELLED_BY = "cancelled_by IS NULL OR cancelled_by IN ('attendee', 'organiser', 'session', 'released', 'offer_expired')"
OLD_CANCELLED_BY = "cancelled_by IS NULL OR cancelled_by IN ('attendee', 'organiser', 'session')"
ACTIVE = "status IN ('confirmed', 'waitlisted', 'offered')"
OLD_ACTIVE = "status IN ('confirmed', 'waitlisted')"


def upgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reconfirm_days_before", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("offer_hours", sa.Integer(), nullable=True))
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reconfirm_days_before", sa.Integer(), nullable=True))
    # SQLite rebuilds the table to change a CHECK; its copy would lose the partial index, so set it aside.
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reconfirm_status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("reconfirm_requested_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reconfirm_reminded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("offer_expires_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("no_show_at", sa.DateTime(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_registrations_status"), type_="check")
        batch_op.create_check_constraint("status", STATUS)
        batch_op.drop_constraint(batch_op.f("ck_registrations_cancelled_by"), type_="check")
        batch_op.create_check_constraint("cancelled_by", CANCELLED_BY)
        batch_op.create_check_constraint("reconfirm_status", RECONFIRM_STATUS)
    _create_active_email_index(ACTIVE)


def downgrade():
    # Offers still open become places on the waiting list again (their seats were counted as taken).
    op.execute("UPDATE sessions SET seats_taken = seats_taken - COALESCE((SELECT SUM(r.seats) FROM registrations r "
               "WHERE r.session_id = sessions.id AND r.status = 'offered'), 0)")
    op.execute("UPDATE registrations SET status = 'waitlisted' WHERE status = 'offered'")
    op.execute("UPDATE registrations SET cancelled_by = 'organiser' "
               "WHERE cancelled_by IN ('released', 'offer_expired')")
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registrations_reconfirm_status"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_registrations_cancelled_by"), type_="check")
        batch_op.create_check_constraint("cancelled_by", OLD_CANCELLED_BY)
        batch_op.drop_constraint(batch_op.f("ck_registrations_status"), type_="check")
        batch_op.create_check_constraint("status", OLD_STATUS)
        batch_op.drop_column("no_show_at")
        batch_op.drop_column("offer_expires_at")
        batch_op.drop_column("reconfirm_reminded_at")
        batch_op.drop_column("reconfirm_requested_at")
        batch_op.drop_column("reconfirm_status")
    _create_active_email_index(OLD_ACTIVE)
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("reconfirm_days_before")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("offer_hours")
        batch_op.drop_column("reconfirm_days_before")


def _create_active_email_index(active: str):
    op.create_index(
        "uq_registrations_active_email",
        "registrations",
        ["session_id", "email_key"],
        unique=True,
        sqlite_where=sa.text(active),
        postgresql_where=sa.text(active),
    )
