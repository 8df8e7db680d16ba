"""The team dashboard's queries: the coming sessions, sign-ups, attendance (see ``queries``)."""

from datetime import date, datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from booking.dashboards.periods import Period, local_midnight
from booking.dashboards.queries import (
    ARRIVED,
    CANCELLED,
    CONFIRMED,
    LIVE_SESSION,
    WAITLISTED,
    Scope,
    per_session,
    sum_if,
)
from booking.database import is_postgresql
from booking.extensions import db
from booking.models import Event, EventStatus, Registration, Session, SessionStatus, Venue


class UpcomingSession(NamedTuple):
    id: int
    event_id: int
    title: str
    kind: str
    venue: str
    timezone: str
    starts_at: datetime
    capacity: int
    seats_taken: int
    waiting_parties: int
    waiting_seats: int


class SignupStep(NamedTuple):
    first: date  # the step's first day (``Period.steps``: a day, or a week when the period is long)
    registrations: int
    seats: int


class SignupTotals(NamedTuple):
    kind: str
    venue_id: int
    venue: str
    registrations: int
    confirmed_seats: int
    waiting_seats: int
    cancelled: int


class KindAttendance(NamedTuple):
    kind: str
    sessions: int
    checked_sessions: int  # where check-in was used (someone arrived): only they say anything about no-shows
    confirmed_seats: int
    arrived_seats: int


def upcoming_sessions(scope: Scope, start: datetime, end: datetime) -> list[UpcomingSession]:
    """Scheduled sessions of published events starting in [start, end): seats, capacity and waiting list."""
    query = (
        sa.select(
            Session.id, Session.event_id, Event.title, Event.kind, Venue.name.label("venue"),
            Venue.timezone, Session.starts_at, Session.capacity, Session.seats_taken,
            per_session(sa.func.count(), Registration.status == WAITLISTED).label("waiting_parties"),
            per_session(sa.func.coalesce(sa.func.sum(Registration.seats), 0), Registration.status == WAITLISTED)
            .label("waiting_seats"),
        )
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        # Drafts cannot fill yet: listing them would only raise false alarms.
        .where(Session.status == SessionStatus.SCHEDULED, Event.status == EventStatus.PUBLISHED,
               Session.starts_at >= start, Session.starts_at < end)
        .order_by(Session.starts_at, Session.id)
    )
    return [UpcomingSession(*row) for row in db.session.execute(scope.apply(query))]


def signups_per_step(scope: Scope, period: Period) -> list[SignupStep]:
    """Registrations made in each step of the period (its days, or its weeks when long), every step listed.

    Each step's local midnights are worked out here, and the database sums each step's registrations as
    it reads them, one range of ``ix_registrations_created_at`` after the other: two years of sign-ups are
    never grouped in a hash table, nor moved to a local day one by one.
    """
    made = Registration.created_at
    steps = period.steps()
    bounds = _step_bounds([(local_midnight(first, period.tz), local_midnight(last + timedelta(days=1), period.tz))
                           for first, last in steps], made.type)
    registrations, seats = sa.func.count(), sa.func.coalesce(sa.func.sum(Registration.seats), 0)
    in_step = scope.apply_to_registrations(
        sa.select(registrations, seats).where(made >= bounds.c.starts, made < bounds.c.ends)
    )
    if is_postgresql(db.session.get_bind()):
        figures = in_step.lateral("figures")
        query = sa.select(bounds.c.step, *figures.c).join(figures, sa.true())
    else:  # SQLite has no LATERAL: a correlated subquery for each figure
        query = sa.select(bounds.c.step, *(in_step.with_only_columns(figure).scalar_subquery()
                                           for figure in (registrations, seats)))
    rows = db.session.execute(query.order_by(bounds.c.step))
    return [SignupStep(steps[step][0], count, total) for step, count, total in rows]


def _step_bounds(bounds: list[tuple[datetime, datetime]], moment: sa.types.TypeEngine):
    """``(step, starts, ends)`` rows, ``step`` counted from 0: on PostgreSQL two arrays unnested (two parameters,
    one statement whatever the period's length), elsewhere a ``VALUES`` list. Two years of weekly steps written
    as ``VALUES`` were three hundred parameters: building, compiling and sending that statement cost as long as
    running it."""
    if is_postgresql(db.session.get_bind()):
        starts, ends = (sa.bindparam(name, [bound[i] for bound in bounds], type_=postgresql.ARRAY(moment))
                        for i, name in enumerate(("step_starts", "step_ends")))
        steps = sa.func.unnest(starts, ends).table_valued(
            sa.column("starts", moment), sa.column("ends", moment), with_ordinality="number").render_derived("steps")
        return sa.select((steps.c.number - 1).label("step"), steps.c.starts, steps.c.ends).cte("steps")
    return sa.values(sa.column("step", sa.Integer), sa.column("starts", moment), sa.column("ends", moment),
                     name="steps").data([(index, *bound) for index, bound in enumerate(bounds)]).cte("steps")


def signups_by_kind_and_venue(scope: Scope, start: datetime, end: datetime) -> list[SignupTotals]:
    """Registrations made in [start, end), per kind of event and venue, with their status now."""
    # Summed per session first: grouping by a number, then joining thousands of sessions rather than
    # every registration, is about twice as fast.
    sessions = (
        sa.select(
            Registration.session_id,
            sa.func.count().label("registrations"),
            sum_if(Registration.status == CONFIRMED, Registration.seats).label("confirmed_seats"),
            sum_if(Registration.status == WAITLISTED, Registration.seats).label("waiting_seats"),
            sum_if(Registration.status == CANCELLED).label("cancelled"),
        )
        .where(Registration.created_at >= start, Registration.created_at < end)
        .group_by(Registration.session_id)
        .subquery()
    )
    query = (
        sa.select(
            Event.kind, Venue.id.label("venue_id"), Venue.name.label("venue"),
            *(sa.func.sum(sessions.c[name]).label(name)
              for name in ("registrations", "confirmed_seats", "waiting_seats", "cancelled")),
        )
        .select_from(sessions)
        .join(Session, sessions.c.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .group_by(Event.kind, Venue.id, Venue.name)
    )
    return [SignupTotals(*row) for row in db.session.execute(scope.apply(query))]


def attendance_by_kind(scope: Scope, start: datetime, end: datetime, now: datetime) -> list[KindAttendance]:
    """Live sessions that started in [start, end) and have ended by ``now``, per kind of event."""
    # Seats booked are the session's own counter; the seats that arrived are read session by session.
    arrived = per_session(sa.func.coalesce(sa.func.sum(Registration.seats_checked_in), 0), ARRIVED)
    past_sessions = (
        sa.select(Event.kind, Session.seats_taken.label("confirmed"), arrived.label("arrived"))
        .join(Event, Session.event_id == Event.id)
        .where(*LIVE_SESSION, Session.starts_at >= start, Session.starts_at < end, Session.ends_at <= now)
    )
    # Materialised: inlined, PostgreSQL would run the per-session subquery once for each use of ``arrived``.
    s = scope.apply(past_sessions).cte("past_sessions").prefix_with("MATERIALIZED", dialect="postgresql")
    checked = s.c.arrived > 0
    query = sa.select(
        s.c.kind,
        sa.func.count().label("sessions"),
        sum_if(checked).label("checked_sessions"),
        sum_if(checked, s.c.confirmed).label("confirmed_seats"),
        sa.func.coalesce(sa.func.sum(s.c.arrived), 0).label("arrived_seats"),
    ).group_by(s.c.kind)
    return [KindAttendance(*row) for row in db.session.execute(query)]
