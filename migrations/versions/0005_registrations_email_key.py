"""registrations.email_key: the email as compared, for one active booking per email and session

Revision ID: 0005
Revises: 0004

The unique index was on lower(email), which SQLite (and PostgreSQL under the C
locale) applies to A to Z only: "ZOÉ@…" and "zoé@…" could both hold a seat. The
key is lower-cased in Python, every letter, and indexed for a person's bookings.
"""
from collections import Counter

import sqlalchemy as sa
from alembic import op

from booking.models.user import normalise_email

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('confirmed', 'waitlisted')"
BATCH = 1000


def upgrade():
    _refuse_active_duplicates()  # first: SQLite's DDL is not transactional, so stop before changing anything
    op.add_column("registrations", sa.Column("email_key", sa.String(length=254), nullable=True))
    _fill_email_keys()
    # SQLite rebuilds the table for NOT NULL; its copy would lose the index on an expression, so drop it first.
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("email_key", existing_type=sa.String(length=254), nullable=False)
        batch_op.drop_index("ix_registrations_email")
        batch_op.create_index("ix_registrations_email_key", ["email_key"], unique=False)
    op.create_index("uq_registrations_active_email", "registrations", ["session_id", "email_key"], unique=True,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))


def downgrade():
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_registrations_email_key")
        batch_op.create_index("ix_registrations_email", ["email"], unique=False)
        batch_op.drop_column("email_key")
    op.create_index("uq_registrations_active_email", "registrations", ["session_id", sa.text("lower(email)")],
                    unique=True, sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))


def _fill_email_keys():
    connection = op.get_bind()
    emails = connection.scalars(sa.text("SELECT DISTINCT email FROM registrations")).all()
    update = sa.text("UPDATE registrations SET email_key = :key WHERE email = :email")
    for start in range(0, len(emails), BATCH):
        connection.execute(update, [{"key": normalise_email(email), "email": email}
                                    for email in emails[start:start + BATCH]])


def _refuse_active_duplicates():
    """Two active bookings the old index let through would break the new one: say which, and stop."""
    rows = op.get_bind().execute(
        sa.text("SELECT session_id, email FROM registrations WHERE status IN ('confirmed', 'waitlisted')")
    ).all()
    counts = Counter((session_id, normalise_email(email)) for session_id, email in rows)
    duplicates = sorted((key, count) for key, count in counts.items() if count > 1)
    if duplicates:
        listed = ", ".join(f"session {session_id}: {email} ({count} bookings)"
                           for (session_id, email), count in duplicates)
        raise RuntimeError(f"Cancel all but one of these active bookings, then migrate again: {listed}")
