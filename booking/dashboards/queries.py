"""The read side of the dashboards: every figure comes from an aggregate query here.

Each function is one SQL statement whatever the number of sessions or
registrations (grouping happens in the database; nothing loops over rows to
query again), and runs the same on SQLite and PostgreSQL. Time buckets are
whole UTC hours (``epoch_hour``), turned into local days in Python by
``periods``, or explicit UTC boundaries (local months) compared in a CASE.
Organiser queries go through ``Scope.apply``, i.e. ``access.scope_events``.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from booking.database import is_postgresql
from booking.extensions import db
from booking.models import Event, EventStatus, Registration, RegistrationStatus, Session, SessionStatus, User, Venue
from booking.services.access import scope_events
from booking.sqlfunctions import epoch_hour

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


def without_jit() -> None:
    """Turn PostgreSQL's JIT compiler off for this transaction.

    The dashboards' aggregates are estimated costly enough to be compiled, and compiling takes
    longer (about 250 ms) than the queries themselves on a programme's data.
    """
    if is_postgresql(db.session.get_bind()):
        db.session.execute(sa.text("SET LOCAL jit = off"))


def _sum_if(condition, value=1):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, value), else_=0)), 0)


_LIVE_SESSION = (Session.status == SessionStatus.SCHEDULED, Event.status != EventStatus.CANCELLED)
_ARRIVED = sa.and_(Registration.status == CONFIRMED, Registration.checked_in_at.is_not(None))
# The booking service confirms a booking at its creation time; a later confirmation is a promotion.
_PROMOTED = Registration.promoted_at.is_not(None)
_LEFT_WAITLIST = sa.and_(Registration.status == CANCELLED, Registration.confirmed_at.is_(None))
_JOINED_WAITLIST = sa.or_(Registration.status == WAITLISTED, _LEFT_WAITLIST, _PROMOTED)


def _registrations_in() -> sa.Select:
    """A column-less select over registrations with their session and event, to add columns to."""
    return (
        sa.select()
        .select_from(Registration)
        .join(Session, Registration.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
    )


def _per_session(aggregate, condition):
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


# -- Team dashboard -----------------------------------------------------------------


def upcoming_sessions(scope: Scope, start: datetime, end: datetime) -> list:
    """Scheduled sessions of published events starting in [start, end): seats, capacity and waiting list."""
    query = (
        sa.select(
            Session.id, Session.event_id, Event.title, Event.kind, Venue.name.label("venue"),
            Venue.timezone, Session.starts_at, Session.capacity, Session.seats_taken,
            _per_session(sa.func.count(), Registration.status == WAITLISTED).label("waiting_parties"),
            _per_session(sa.func.coalesce(sa.func.sum(Registration.seats), 0), Registration.status == WAITLISTED)
            .label("waiting_seats"),
        )
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        # Drafts cannot fill yet: listing them would only raise false alarms.
        .where(Session.status == SessionStatus.SCHEDULED, Event.status == EventStatus.PUBLISHED,
               Session.starts_at >= start, Session.starts_at < end)
        .order_by(Session.starts_at, Session.id)
    )
    return db.session.execute(scope.apply(query)).all()


def signups_by_hour(scope: Scope, start: datetime, end: datetime) -> list:
    """Registrations made in [start, end), per UTC hour: (hour, registrations, seats)."""
    hour = epoch_hour(Registration.created_at)
    query = (
        sa.select(hour.label("hour"), sa.func.count().label("registrations"), sa.func.sum(Registration.seats))
        .where(Registration.created_at >= start, Registration.created_at < end)
        .group_by(hour)
    )
    return db.session.execute(scope.apply_to_registrations(query)).all()


def signups_by_kind_and_venue(scope: Scope, start: datetime, end: datetime) -> list:
    """Registrations made in [start, end), per kind of event and venue, with their status now."""
    # Summed per session first: grouping by a number, then joining thousands of sessions rather than
    # every registration, is about twice as fast.
    per_session = (
        sa.select(
            Registration.session_id,
            sa.func.count().label("registrations"),
            _sum_if(Registration.status == CONFIRMED, Registration.seats).label("confirmed_seats"),
            _sum_if(Registration.status == WAITLISTED, Registration.seats).label("waiting_seats"),
            _sum_if(Registration.status == CANCELLED).label("cancelled"),
        )
        .where(Registration.created_at >= start, Registration.created_at < end)
        .group_by(Registration.session_id)
        .subquery()
    )
    query = (
        sa.select(
            Event.kind, Venue.id.label("venue_id"), Venue.name.label("venue"),
            *(sa.func.sum(per_session.c[name]).label(name)
              for name in ("registrations", "confirmed_seats", "waiting_seats", "cancelled")),
        )
        .select_from(per_session)
        .join(Session, per_session.c.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .group_by(Event.kind, Venue.id, Venue.name)
    )
    return db.session.execute(scope.apply(query)).all()


def attendance_by_kind(scope: Scope, start: datetime, end: datetime, now: datetime) -> list:
    """Live sessions that started in [start, end) and have ended by ``now``, per kind of event.

    ``checked_sessions`` are those where check-in was used (someone arrived):
    only they say anything about no-shows.
    """
    # Seats booked are the session's own counter; the seats that arrived are read session by session.
    arrived = _per_session(sa.func.coalesce(sa.func.sum(Registration.seats), 0), _ARRIVED)
    per_session = (
        sa.select(Event.kind, Session.seats_taken.label("confirmed"), arrived.label("arrived"))
        .join(Event, Session.event_id == Event.id)
        .where(*_LIVE_SESSION, Session.starts_at >= start, Session.starts_at < end, Session.ends_at <= now)
    )
    # Materialised: inlined, PostgreSQL would run the per-session subquery once for each use of ``arrived``.
    s = scope.apply(per_session).cte("past_sessions").prefix_with("MATERIALIZED", dialect="postgresql")
    checked = s.c.arrived > 0
    query = sa.select(
        s.c.kind,
        sa.func.count().label("sessions"),
        _sum_if(checked).label("checked_sessions"),
        _sum_if(checked, s.c.confirmed).label("confirmed_seats"),
        sa.func.coalesce(sa.func.sum(s.c.arrived), 0).label("arrived_seats"),
    ).group_by(s.c.kind)
    return db.session.execute(query).all()


# -- Event dashboard ----------------------------------------------------------------


def event_sessions(event_id: int) -> list:
    """Every session of an event with its registrations summed: seats, cancellations, waiting list moves."""
    by = Registration.cancelled_by
    cancelled = Registration.status == CANCELLED
    query = (
        sa.select(
            Session.id, Session.starts_at, Session.status, Session.capacity, Session.seats_taken,
            sa.func.count(Registration.id).label("registrations"),
            _sum_if(Registration.status == WAITLISTED).label("waiting_parties"),
            _sum_if(Registration.status == WAITLISTED, Registration.seats).label("waiting_seats"),
            _sum_if(sa.and_(cancelled, by == "attendee")).label("cancelled_by_attendee"),
            _sum_if(sa.and_(cancelled, by == "organiser")).label("cancelled_by_organiser"),
            _sum_if(sa.and_(cancelled, by == "session")).label("cancelled_with_session"),
            _sum_if(cancelled).label("cancelled"),
            _sum_if(_JOINED_WAITLIST).label("joined_waitlist"),
            _sum_if(_PROMOTED).label("promoted"),
            _sum_if(_LEFT_WAITLIST).label("left_waitlist"),
        )
        .outerjoin(Registration, Registration.session_id == Session.id)
        .where(Session.event_id == event_id)
        .group_by(Session.id, Session.starts_at, Session.status, Session.capacity, Session.seats_taken)
        .order_by(Session.starts_at, Session.id)
    )
    return db.session.execute(query).all()


def event_signups_by_hour(event_id: int) -> list:
    """(session_id, hour, registrations) for every registration ever made on the event."""
    hour = epoch_hour(Registration.created_at)
    query = (
        sa.select(Registration.session_id, hour.label("hour"), sa.func.count())
        .join(Session, Registration.session_id == Session.id)
        .where(Session.event_id == event_id)
        .group_by(Registration.session_id, hour)
    )
    return db.session.execute(query).all()


def event_waitlist_by_hour(event_id: int) -> list:
    """("joined" | "promoted", hour, parties): arrivals on the waiting list and promotions off it."""

    def moves(label: str, column, condition):
        hour = epoch_hour(column)
        return (
            sa.select(sa.literal_column(f"'{label}'").label("move"), hour.label("hour"), sa.func.count())
            .join(Session, Registration.session_id == Session.id)
            .where(Session.event_id == event_id, condition)
            .group_by(hour)
        )

    query = sa.union_all(
        moves("joined", Registration.created_at, _JOINED_WAITLIST),
        moves("promoted", Registration.promoted_at, _PROMOTED),
    )
    return db.session.execute(query).all()


def answer_counts(event_id: int, keys: dict[int, str]) -> list:
    """(question_id, answer, parties, seats) over active registrations; ``keys`` maps question id to answer key."""
    if not keys:
        return []
    parts = [
        sa.select(
            sa.literal_column(str(int(question_id))).label("question_id"),
            Registration.answers[key].as_string().label("answer"),
            Registration.seats.label("seats"),
        )
        .join(Session, Registration.session_id == Session.id)
        .where(Session.event_id == event_id, Registration.status.in_((CONFIRMED, WAITLISTED)))
        for question_id, key in keys.items()
    ]
    answers = sa.union_all(*parts).subquery()
    # Grouping over the subquery: the JSON path is a bound parameter PostgreSQL could not match in GROUP BY.
    query = sa.select(
        answers.c.question_id, answers.c.answer, sa.func.count().label("parties"), sa.func.sum(answers.c.seats)
    ).group_by(answers.c.question_id, answers.c.answer)
    return db.session.execute(query).all()


def accessibility_needs(event_id: int) -> list:
    """(session_id, needs, parties, seats) for active registrations that told us of a need."""
    query = (
        sa.select(Registration.session_id, Registration.accessibility_needs, sa.func.count(),
                  sa.func.sum(Registration.seats))
        .join(Session, Registration.session_id == Session.id)
        .where(Session.event_id == event_id, Registration.status.in_((CONFIRMED, WAITLISTED)),
               Registration.accessibility_needs != "")
        .group_by(Registration.session_id, Registration.accessibility_needs)
        .order_by(Registration.session_id, Registration.accessibility_needs)
    )
    return db.session.execute(query).all()


# -- Reach ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    reached: list[int]  # distinct people who attended, per slice
    first_time: list[int]  # of whom their first session ever (in scope) was in that slice
    total: int  # distinct people over all slices


def people_reached(scope: Scope, boundaries: list[datetime]) -> Reach:
    """People with a confirmed booking on a live session held in each slice of ``boundaries``.

    A person is a ``person_ref``: an email, case ignored, that anonymisation does not change.

    Every attendance up to the end is reduced to distinct (person, slice) pairs, slice -1 standing for
    "before the period" (a first session ever may be long ago). Over each person's pairs, the smallest
    slice is their first time and the largest their last, so counting per slice gives who came, who came
    for the first time, and (adding up the "last" marks) each person once for the whole period.
    """
    starts = Session.starts_at
    slice_ = sa.case((starts < boundaries[0], -1), *((starts < cut, index) for index, cut in enumerate(boundaries[1:])))
    pairs = scope.apply(
        _registrations_in()
        .add_columns(Registration.person_ref.label("person"), slice_.label("slice"))
        .where(Registration.status == CONFIRMED, *_LIVE_SESSION, starts < boundaries[-1])
        .distinct()
    ).subquery()
    marked = sa.select(
        pairs.c.slice,
        sa.func.min(pairs.c.slice).over(partition_by=pairs.c.person).label("first"),
        sa.func.max(pairs.c.slice).over(partition_by=pairs.c.person).label("last"),
    ).subquery()
    rows = db.session.execute(
        sa.select(marked.c.slice, sa.func.count(), _sum_if(marked.c.slice == marked.c.first),
                  _sum_if(marked.c.slice == marked.c.last))
        .where(marked.c.slice >= 0)
        .group_by(marked.c.slice)
    ).all()
    figures = {index: (reached, first, last) for index, reached, first, last in rows}
    slices = range(len(boundaries) - 1)
    return Reach(reached=[figures.get(i, (0, 0, 0))[0] for i in slices],
                 first_time=[figures.get(i, (0, 0, 0))[1] for i in slices],
                 total=sum(last for _reached, _first, last in figures.values()))


def group_bookings(scope: Scope, start: datetime, end: datetime) -> list:
    """Confirmed group bookings on live sessions held in [start, end), per partner structure."""
    query = (
        _registrations_in()
        .add_columns(
            Registration.partner_structure.label("structure"),
            sa.func.count().label("bookings"),
            sa.func.count(sa.distinct(Registration.session_id)).label("sessions"),
            sa.func.sum(Registration.seats).label("seats"),
            _sum_if(_ARRIVED, Registration.seats).label("arrived_seats"),
        )
        .where(Registration.partner_structure.is_not(None), Registration.status == CONFIRMED, *_LIVE_SESSION,
               Session.starts_at >= start, Session.starts_at < end)
        .group_by(Registration.partner_structure)
        .order_by(sa.func.sum(Registration.seats).desc(), Registration.partner_structure)
    )
    return db.session.execute(scope.apply(query)).all()
