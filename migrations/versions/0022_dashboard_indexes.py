"""Indexes the dashboards read instead of every registration (issue 21: their 300 ms budget)

Revision ID: 0022
Revises: 0021

- ix_registrations_confirmed_by_session: confirmed bookings by session, with who (person_ref) and
  who arrived (checked_in_at, seats_checked_in): people reached and attendance read it alone
  (index-only), not the whole table. It replaces ix_registrations_person_ref, which no query looks
  up by (people are counted by grouping, not by searching one), so a booking writes no more indexes.
- ix_registrations_created_at carries session_id, status and seats (PostgreSQL: INCLUDE), so sign-ups
  per day and per kind and venue are read from it alone.
- Partial indexes on the few bookings with wheelchair spaces and the few group bookings by partner
  structures: their totals no longer scan every registration.
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

CONFIRMED = "status = 'confirmed'"
WHEELCHAIRS = "wheelchair_spaces > 0"
GROUPS = "partner_structure IS NOT NULL"


def _partial(name: str, columns: list[str], where: str) -> None:
    op.create_index(name, "registrations", columns, postgresql_where=sa.text(where), sqlite_where=sa.text(where))


def upgrade():
    _partial("ix_registrations_confirmed_by_session", ["session_id", "person_ref", "checked_in_at", "seats_checked_in"],
             CONFIRMED)
    _partial("ix_registrations_wheelchairs", ["session_id"], WHEELCHAIRS)
    _partial("ix_registrations_partner_structure", ["session_id"], GROUPS)
    op.drop_index("ix_registrations_person_ref", table_name="registrations")
    op.drop_index("ix_registrations_created_at", table_name="registrations")
    op.create_index("ix_registrations_created_at", "registrations", ["created_at"],
                    postgresql_include=["session_id", "status", "seats"])


def downgrade():
    op.drop_index("ix_registrations_created_at", table_name="registrations")
    op.create_index("ix_registrations_created_at", "registrations", ["created_at"])
    op.create_index("ix_registrations_person_ref", "registrations", ["person_ref"])
    for name in ("ix_registrations_partner_structure", "ix_registrations_wheelchairs",
                 "ix_registrations_confirmed_by_session"):
        op.drop_index(name, table_name="registrations")
