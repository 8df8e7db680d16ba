"""The small demo: the next eight weeks of #UpConf and Laboratoire des publics, booked for real
(and a few sessions of the last month, with check-ins: see ``past``).

Every booking, cancellation and promotion goes through the booking service,
so seat counters, waiting lists and positions are exactly what the site would
have produced.
"""

import random
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from booking import settings
from booking.demo import content
from booking.demo.base import Base, discard_outbox_since, last_outbox_id, local_moment
from booking.demo.past import seed_past
from booking.demo.showcase import seed_showcase
from booking.extensions import db
from booking.models import EventStatus, Registration, RegistrationStatus, Session
from booking.services import bookings, events
from booking.services.errors import BookingRuleError
from booking.services.slugs import slugify

# kind: (local start times, duration, capacity range, sessions range)
KIND_SHAPES = {
    "talk": ((time(18, 30), time(19, 0)), timedelta(hours=2), (60, 120), (1, 1)),
    "debate": ((time(18, 30), time(19, 0)), timedelta(hours=2), (50, 90), (1, 1)),
    "guided_tour": ((time(10, 0), time(14, 30), time(16, 0)), timedelta(hours=1, minutes=30), (15, 25), (2, 4)),
    "workshop": ((time(10, 0), time(14, 30)), timedelta(hours=2), (8, 14), (2, 3)),
    "screening": ((time(14, 30), time(20, 0)), timedelta(hours=1, minutes=15), (20, 40), (1, 3)),
    "show": ((time(15, 0), time(19, 30)), timedelta(hours=2), (40, 80), (1, 2)),
    "other": ((time(14, 30),), timedelta(hours=2), (12, 20), (1, 2)),
}
WEEKS = 8
MAX_PARTIES = 8


class People:
    """Invented attendees with example.org addresses (reserved for examples: no mail goes anywhere)."""

    def __init__(self, rng: random.Random):
        self.rng, self.n = rng, 0

    def next(self) -> tuple[str, str]:
        self.n += 1
        first, last = self.rng.choice(content.FIRST_NAMES), self.rng.choice(content.LAST_NAMES)
        return f"{first} {last}", f"{slugify(first)}.{slugify(last)}.{self.n}@example.org"


def seed_small(base: Base, rng: random.Random, now: datetime) -> None:
    outbox_mark = last_outbox_id()
    people = People(rng)
    sessions = [s for data in content.EVENTS for s in _published_event(base, data, rng, now)]
    draft = _create_event(base, content.DRAFT_EVENT)
    _add_session(draft, rng, now, days=40, clock=time(14, 0), capacity=10)

    # A few roles for particular sessions, picked among the small ones so they fill up.
    small_first = sorted(sessions, key=lambda s: (s.capacity, s.id))
    full, not_open, cancelled = small_first[:3], small_first[3:6], small_first[6]
    for session in not_open:  # just created, nobody booked yet: setting the window directly is safe
        session.registration_opens_at = local_moment(now, rng.randint(3, 10), time(10, 0), _tz(session))
    for session in sessions:
        if session in not_open:
            continue
        if session in full:
            _fill(session, people, rng, now, waiting=rng.randint(2, 4))
        else:
            _book_some(session, people, rng, now, share=rng.uniform(0.2, 0.85))
    _group_bookings(base, [s for s in sessions if s not in full + not_open][:2], rng, now)
    _some_cancellations([s for s in sessions if s not in full], rng, now)
    bookings.cancel_session(cancelled.id, now=now)
    # A few sessions already held, with check-ins: the attendance and reach dashboards have something to show.
    held = list(dict.fromkeys(s.event for s in sessions if s not in not_open and s is not cancelled))
    seed_past(held, lambda session, seats, when: _book(session, people, seats, when), rng, now)
    booked = [s for s in sessions if s not in full + not_open and s is not cancelled]
    seed_showcase(base, booked, full, lambda session, seats, when: _book(session, people, seats, when), rng, now)
    discard_outbox_since(outbox_mark)


def _published_event(base: Base, data: content.EventData, rng: random.Random, now: datetime) -> list[Session]:
    event = _create_event(base, data)
    starts, _duration, capacities, counts = KIND_SHAPES[data.kind]
    first_day = rng.randint(2, WEEKS * 7 - 14)
    sessions = []
    for n in range(rng.randint(*counts)):
        days = first_day + n * rng.choice((2, 3, 7))
        sessions.append(_add_session(event, rng, now, days=min(days, WEEKS * 7 - 1), clock=rng.choice(starts),
                                     capacity=rng.randint(*capacities)))
    events.set_event_status(event, EventStatus.PUBLISHED)
    return sessions


def _create_event(base: Base, data: content.EventData):
    return events.create_event(team=base.teams[data.team], title=data.title, kind=data.kind,
                               venue_id=base.venues[data.venue].id, description=data.description,
                               audience_notes=data.audience_notes)


def _add_session(event, rng: random.Random, now: datetime, *, days: int, clock: time, capacity: int) -> Session:
    starts_at = local_moment(now, days, clock, event.venue.timezone)
    duration = KIND_SHAPES[event.kind][1]
    max_seats = 2 if event.kind == "workshop" else rng.choice((3, 4, 4, 6))
    return events.add_session(event, events.SessionFields(
        starts_at=starts_at, ends_at=starts_at + duration, capacity=capacity,
        waitlist_enabled=True, max_seats_per_registration=max_seats))


def _book(session: Session, people: People, seats: int, now: datetime, **fields):
    name, email = people.next()
    request = bookings.BookingRequest(name=name, email=email, seats=seats, **fields)
    return bookings.book(session.id, request, key=settings.pseudonym_key(), now=now)


def _party(rng: random.Random, session: Session) -> int:
    return min(rng.choice((1, 1, 1, 2, 2, 3, 4)), session.max_seats_per_registration)


def _sign_up_times(rng: random.Random, now: datetime):
    """When each party of a session signed up: from a few weeks ago to now, in order.

    Not all "now": the sign-ups chart of the last 30 days would then be a single bar on today's
    edge, and look empty (issue 15).
    """
    moment = now - timedelta(days=rng.uniform(8, 28))
    while True:
        yield min(moment, now)
        moment += timedelta(hours=rng.uniform(2, 60))


def _book_some(session: Session, people: People, rng: random.Random, now: datetime, share: float) -> None:
    # At most eight parties each: every booking is a real service call, and the demo must load fast.
    times = _sign_up_times(rng, now)
    for _ in range(MAX_PARTIES):
        if session.seats_taken >= share * session.capacity:
            break
        seats = min(_party(rng, session), session.seats_left)
        needs = rng.choice(content.ACCESSIBILITY_NEEDS) if rng.random() < 0.08 else ""
        _book(session, people, seats, next(times), accessibility_needs=needs)


def _fill(session: Session, people: People, rng: random.Random, now: datetime, waiting: int) -> None:
    """Book every seat, then queue ``waiting`` parties on the waiting list."""
    times = _sign_up_times(rng, now)
    while session.seats_left:
        _book(session, people, min(_party(rng, session), session.seats_left), next(times))
    for _ in range(waiting):
        _book(session, people, _party(rng, session), next(times))


def _group_bookings(base: Base, sessions: list[Session], rng: random.Random, now: datetime) -> None:
    for session in sessions:
        seats = min(rng.randint(6, 10), session.seats_left)
        if seats < 1:
            continue
        partner = rng.choice(content.PARTNERS)
        request = bookings.BookingRequest(name=f"Référente {partner}", email=f"{slugify(partner)}@example.org",
                                          seats=seats)
        group = bookings.GroupBooking(structure=partner, phone="01 23 45 67 89", booked_by_id=base.organiser.id)
        bookings.book_for_group(session.id, request, group, key=settings.pseudonym_key(), now=now)


def _some_cancellations(sessions: list[Session], rng: random.Random, now: datetime) -> None:
    """A few people cancel, as they do; the service promotes whoever waits."""
    for session in rng.sample(sessions, k=min(5, len(sessions))):
        registrations = db.session.scalars(
            sa.select(Registration).where(Registration.session_id == session.id,
                                          Registration.status == RegistrationStatus.CONFIRMED)
            .order_by(Registration.id)
        ).all()
        if registrations:
            try:
                bookings.cancel(rng.choice(registrations).id, now=now)
            except BookingRuleError:
                continue


def _tz(session: Session) -> str:
    return session.event.venue.timezone
