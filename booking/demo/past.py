"""The small demo's recent past: a few sessions held in the last weeks, with people checked in at the door.

So the attendance and reach dashboards show something on a fresh `make run` (issue 15). Each past session
goes through the booking service as it would have then (every call is given a "now" before the session
started): booked full over three weeks, two more parties on the waiting list, a cancellation three days
before that promotes the first of them, and at the door most confirmed parties checked in; the others are
the no-shows.
"""

import random
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from booking.demo.base import local_moment
from booking.extensions import db
from booking.models import Event, Registration, RegistrationStatus, Session
from booking.services import bookings, events

PAST_DAYS = (6, 13, 20, 27)  # how many days ago each past session was held
CAPACITY = 12  # small, so a few service calls fill it
ARRIVAL_SHARE = 0.75


def seed_past(event_list: list[Event], book, rng: random.Random, now: datetime) -> list[Session]:
    """One past session for each of the first events given; ``book(session, seats, when)`` books one party."""
    past = []
    for days_ago, event in zip(PAST_DAYS, event_list, strict=False):
        starts_at = local_moment(now, -days_ago, time(14, 30), event.venue.timezone)
        session = events.add_session(event, events.SessionFields(
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=CAPACITY,
            waitlist_enabled=True, max_seats_per_registration=3))
        _live(session, book, rng)
        past.append(session)
    return past


def _live(session: Session, book, rng: random.Random) -> None:
    start = session.starts_at
    moment = start - timedelta(days=21)
    while session.seats_left:
        book(session, min(rng.choice((1, 1, 2, 2, 3)), session.seats_left), moment)
        moment += timedelta(hours=rng.uniform(6, 30))
    for _ in range(2):  # the session is full: these two wait
        book(session, 1, moment)
        moment += timedelta(hours=rng.uniform(6, 30))
    confirmed = _parties(session, RegistrationStatus.CONFIRMED)
    bookings.cancel(confirmed[rng.randrange(len(confirmed))].id, now=start - timedelta(days=3))
    for registration in _parties(session, RegistrationStatus.CONFIRMED):
        if rng.random() < ARRIVAL_SHARE:
            bookings.check_in(registration.id, now=start + timedelta(minutes=rng.uniform(-20, 10)))


def _parties(session: Session, status: str) -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.session_id == session.id, Registration.status == status)
        .order_by(Registration.id)
    ).all())
