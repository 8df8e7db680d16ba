"""registrations.person_ref: the keyed pseudonym the dashboards count people by

Revision ID: 0004
Revises: 0003

Existing registrations get theirs from their email (an anonymised email keeps its
person's number), with the application's PSEUDONYM_KEY or SECRET_KEY.
"""
import sqlalchemy as sa
from alembic import op

from booking import settings
from booking.services.pseudonyms import person_ref

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('confirmed', 'waitlisted')"
BATCH = 1000


def upgrade():
    op.add_column("registrations", sa.Column("person_ref", sa.BigInteger(), nullable=True))
    _fill_person_refs()
    # SQLite rebuilds the table to add NOT NULL; its copy would lose the index on an expression, so set it aside.
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("person_ref", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_index("ix_registrations_person_ref", ["person_ref"], unique=False)
    _create_active_email_index()


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_registrations_person_ref")
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("person_ref")
    _create_active_email_index()


def _fill_person_refs():
    connection = op.get_bind()
    emails = connection.scalars(sa.text("SELECT DISTINCT email FROM registrations")).all()
    key = settings.pseudonym_key()  # the application's, as migrations run inside it
    update = sa.text("UPDATE registrations SET person_ref = :ref WHERE email = :email")
    for start in range(0, len(emails), BATCH):
        connection.execute(update, [{"ref": person_ref(email, key), "email": email} for email in emails[start:start + BATCH]])


def _create_active_email_index():
    op.create_index(
        "uq_registrations_active_email",
        "registrations",
        ["session_id", sa.text("lower(email)")],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )
