"""Emails compared in one form (NFKC, then case-folded) everywhere; single-use links sent by email

Revision ID: 0006
Revises: 0005

- registrations.email_key is recomputed with the new normalise_email (it only
  lower-cased, so "\u212aate@x" with a Kelvin sign and "kate@x" were two people);
  refused, like 0005, if two active bookings of one session would share a key;
- users.email_key: the account's address as compared (one account per key);
- calendar_feeds.email holds the key, recomputed;
- outbox_messages.recipient_key, so erasing a person finds every email to them;
- email_links: the hashes of single-use links (proving an address, signing in).
"""
from collections import Counter

import sqlalchemy as sa
from alembic import op

from booking.models.user import normalise_email

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    # First, before any change: SQLite's DDL is not transactional.
    _refuse_duplicates(
        "SELECT session_id, email FROM registrations WHERE status IN ('confirmed', 'waitlisted')",
        "Cancel all but one of these active bookings, then migrate again",
    )
    _refuse_duplicates("SELECT 0, email FROM users", "Give these accounts distinct addresses, then migrate again")
    _refuse_duplicates("SELECT 0, email FROM calendar_feeds", "Delete all but one of these calendar feeds, then "
                                                               "migrate again")

    _rekey("registrations", "email", "email_key")
    _rekey("calendar_feeds", "email", "email")

    op.add_column("users", sa.Column("email_key", sa.String(length=254), nullable=True))
    _rekey("users", "email", "email_key")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("email_key", existing_type=sa.String(length=254), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_users_email_key"), ["email_key"])

    op.add_column("outbox_messages", sa.Column("recipient_key", sa.String(length=254), nullable=True))
    _rekey("outbox_messages", "recipient", "recipient_key")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("recipient_key", existing_type=sa.String(length=254), nullable=False)
        batch_op.create_index(batch_op.f("ix_outbox_messages_recipient_key"), ["recipient_key"], unique=False)

    op.create_table(
        "email_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("email_key", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("purpose IN ('my_data', 'sign_in')", name=op.f("ck_email_links_purpose")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_links_token_hash")),
    )
    with op.batch_alter_table("email_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_links_email_key"), ["email_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_links_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("email_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_links_expires_at"))
        batch_op.drop_index(batch_op.f("ix_email_links_email_key"))
    op.drop_table("email_links")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_recipient_key"))
        batch_op.drop_column("recipient_key")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_email_key"), type_="unique")
        batch_op.drop_column("email_key")
    # The keys stay in the new form: 0005's lower-casing agrees with them on every address but look-alikes.


def _rekey(table: str, source: str, target: str) -> None:
    connection = op.get_bind()
    values = connection.scalars(sa.text(f"SELECT DISTINCT {source} FROM {table}")).all()  # noqa: S608 (names above)
    update = sa.text(f"UPDATE {table} SET {target} = :key WHERE {source} = :value")  # noqa: S608
    for start in range(0, len(values), BATCH):
        connection.execute(update, [{"key": normalise_email(value), "value": value}
                                    for value in values[start:start + BATCH]])


def _refuse_duplicates(query: str, advice: str) -> None:
    """Two rows the old lower-casing told apart but the new key does not: say which, and stop."""
    rows = op.get_bind().execute(sa.text(query)).all()
    counts = Counter((group, normalise_email(email)) for group, email in rows)
    duplicates = sorted((key, count) for key, count in counts.items() if count > 1)
    if duplicates:
        listed = ", ".join(f"{email} ({count}{f', session {group}' if group else ''})"
                           for (group, email), count in duplicates)
        raise RuntimeError(f"{advice}: {listed}")
