"""The programme's indexes: scheduled sessions by start, with their event; published events (issue 21)

Revision ID: 0023
Revises: 0022

- ix_sessions_scheduled_by_start: (starts_at, event_id) of the sessions not cancelled. The programme
  page and the API's event list find each event's next session from it alone (index-only): the range of
  sessions to come, never the table's rows nor the years of past ones.
- ix_events_published: the ids of published events, which the programme keeps of the events found
  there (index-only, not the events' rows and their texts).
"""
import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

SCHEDULED = "status = 'scheduled'"
PUBLISHED = "status = 'published'"


def upgrade():
    op.create_index("ix_sessions_scheduled_by_start", "sessions", ["starts_at", "event_id"],
                    postgresql_where=sa.text(SCHEDULED), sqlite_where=sa.text(SCHEDULED))
    op.create_index("ix_events_published", "events", ["id"],
                    postgresql_where=sa.text(PUBLISHED), sqlite_where=sa.text(PUBLISHED))


def downgrade():
    op.drop_index("ix_events_published", table_name="events")
    op.drop_index("ix_sessions_scheduled_by_start", table_name="sessions")
