"""The read side of the dashboards: what every dashboard's queries share.

Each dashboard reads through its own query module beside its builder
(``team_queries``, ``event_queries``, ``reach_queries``), which returns rows as
named tuples. Each query is one SQL statement whatever the number of sessions or
registrations (grouping happens in the database; nothing loops over rows to
query again), and gives the same rows on SQLite and PostgreSQL (the team's
sign-ups per step are written with LATERAL on PostgreSQL only). Time buckets are
whole UTC hours (``epoch_hour``), turned into local days in Python by
``periods``, or explicit UTC boundaries (local days, weeks or months) compared
in the database. Organiser queries go through ``Scope.apply``, i.e.
``access.scope_events``. PostgreSQL plans them with ``REPORT_SETTINGS``.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from booking.database import is_postgresql
from booking.extensions import db
from booking.models import Event, EventStatus, Registration, RegistrationStatus, Session, SessionStatus, User
from booking.services.access import scope_events

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED


@dataclass(frozen=True)
class Scope:
    """Whose figures: the events ``user`` may organise, narrowed to one team if asked."""

    user: User
    team_id: int | None = None

    def apply(self, query: sa.Select) -> sa.Select:
        query = scope_events(query, self.user)
        return query if self.team_id is None else query.where(Event.team_id == self.team_id)

    def apply_to_registrations(self, query: sa.Select) -> sa.Select:
        """Restrict a query over registrations alone to those of sessions in scope.

        An admin viewing every team needs no restriction, so no join to sessions and events either.
        """
        if self.user.is_admin and self.team_id is None:
            return query
        sessions = self.apply(sa.select(Session.id).join(Event, Session.event_id == Event.id))
        return query.where(Registration.session_id.in_(sessions))


# PostgreSQL settings for a dashboard's transaction (and no other: SET LOCAL ends with it).
REPORT_SETTINGS = {
    # The aggregates are estimated costly enough to be compiled, and compiling takes longer (about
    # 250 ms) than the queries themselves on a programme's data.
    "jit": "off",
    # Worker processes cost more to start than they save on these sizes (a few hundred thousand
    # index entries), and a report then takes one CPU, never those the bookings need.
    "max_parallel_workers_per_gather": "0",
    # Grouping a year's people (tens of thousands) in memory rather than spilling to disk.
    "work_mem": "32MB",
    # Planned for their values each time, even once the driver has prepared them (psycopg does after five
    # runs): a generic plan knows neither the period nor the status, so it cannot pick the partial indexes
    # the dashboards rely on (attendance took three times as long). Planning costs well under a millisecond.
    "plan_cache_mode": "force_custom_plan",
}
# One statement (set_config(..., true) is SET LOCAL), written out so it reads the same in logs and tests.
REPORT_SETTINGS_SQL = "SELECT " + ", ".join(f"set_config('{name}', '{value}', true)"
                                            for name, value in REPORT_SETTINGS.items())


def plan_for_reports() -> None:
    """Apply ``REPORT_SETTINGS`` to this transaction, in one round trip."""
    if is_postgresql(db.session.get_bind()):
        db.session.execute(sa.text(REPORT_SETTINGS_SQL))


def sum_if(condition, value=1):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, value), else_=0)), 0)


LIVE_SESSION = (Session.status == SessionStatus.SCHEDULED, Event.status != EventStatus.CANCELLED)
ARRIVED = sa.and_(Registration.status == CONFIRMED, Registration.checked_in_at.is_not(None))
# The booking service dates each promotion off the waiting list (promoted_at).
PROMOTED = Registration.promoted_at.is_not(None)
LEFT_WAITLIST = sa.and_(Registration.status == CANCELLED, Registration.confirmed_at.is_(None))
JOINED_WAITLIST = sa.or_(Registration.status == WAITLISTED, LEFT_WAITLIST, PROMOTED)


def registrations_in() -> sa.Select:
    """A column-less select over registrations with their session and event, to add columns to."""
    return (
        sa.select()
        .select_from(Registration)
        .join(Session, Registration.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
    )


def per_session(aggregate, condition):
    """``aggregate`` over the registrations of the session in the enclosing query that meet ``condition``.

    A correlated subquery, so each session's registrations are read through the (session_id, status)
    index, rather than every registration ever made being scanned and grouped.
    """
    return (
        sa.select(aggregate)
        .select_from(Registration)
        .where(Registration.session_id == Session.id, condition)
        .correlate(Session)
        .scalar_subquery()
    )
