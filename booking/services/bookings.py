"""The booking rules: the one place that decides seats, waiting lists and promotions.

Every write here starts by locking the session it touches (``_lock_session``):
a row lock on PostgreSQL, the database write lock taken at ``BEGIN IMMEDIATE``
on SQLite. Under that lock the session's numbers are fresh, so deciding in
Python and writing the new ``seats_taken`` is safe; a database CHECK stays as
the backstop. Functions flush and never commit: the caller (a view, the API,
the CLI) commits, so each action is one short transaction with its emails.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from booking.database import holds_write_lock, is_lock_timeout, is_postgresql, is_unique_violation
from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    normalise_email,
    utcnow,
)
from booking.services import questions
from booking.services import seats as seat_rules
from booking.services.email_address import EMAIL_MAX_LENGTH, is_valid_email
from booking.services.errors import (
    AlreadyCancelled,
    AlreadyRegistered,
    Cancelled,
    NotConfirmed,
    NotFound,
    NotWaitlisted,
    RegistrationClosed,
    RegistrationNotOpenYet,
    SessionFull,
    TooManyBookings,
    TryAgainLater,
    ValidationFailed,
)

NAME_MAX = 120
EMAIL_MAX = EMAIL_MAX_LENGTH
ANSWER_MAX = 2000
ACTIVE_EMAIL_INDEX = "uq_registrations_active_email"
# A person books for themselves and a few companions; more new bookings than this from one email
# address within a day is a script or someone hoarding seats. Group bookings by organisers are exempt.
DAILY_BOOKINGS_MAX = 10
DAILY_BOOKINGS_WINDOW = timedelta(hours=24)


class CancelledBy(StrEnum):
    ATTENDEE = "attendee"
    ORGANISER = "organiser"
    SESSION = "session"  # the whole session was cancelled


@dataclass(frozen=True)
class BookingRequest:
    """What someone asks for, already shaped by a form or an API schema."""

    name: str
    email: str
    seats: int = 1
    locale: str = "fr"
    answers: dict = field(default_factory=dict)
    accessibility_needs: str = ""
    consent: bool = True
    user_id: int | None = None


@dataclass(frozen=True)
class GroupBooking:
    """An organiser booking seats for a partner structure (a social worker's group...)."""

    structure: str
    phone: str = ""
    booked_by_id: int | None = None


# -- Reading ------------------------------------------------------------------


def session_availability(session: Session, now: datetime | None = None) -> seat_rules.Availability:
    """What the session offers right now, for pages, the API and ``register`` alike."""
    event_cancelled = session.event.status == EventStatus.CANCELLED
    return seat_rules.availability(
        cancelled=session.is_cancelled or event_cancelled,
        opens_at=session.registration_opens_at,
        closes_at=session.effective_closes_at,
        seats_left=session.seats_left,
        waitlist_enabled=session.waitlist_enabled,
        now=now or utcnow(),
    )


def attendee_may_change(registration: Registration, now: datetime | None = None) -> bool:
    """Whether the person may still cancel or change their booking themselves: active, not yet started."""
    return registration.is_active and (now or utcnow()) < registration.session.starts_at


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first party waiting; None when not on the waiting list."""
    if not registration.is_waitlisted:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.session_id == registration.session_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.id < registration.id,
        )
    )
    return ahead + 1


def waitlist_counts(session_ids: list[int]) -> dict[int, int]:
    """Parties waiting per session, in one query."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.session_id, sa.func.count())
        .where(
            Registration.session_id.in_(session_ids),
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .group_by(Registration.session_id)
    )
    return dict(rows.all())


# -- Booking and cancelling ----------------------------------------------------


def register(
    session_id: int,
    request: BookingRequest,
    *,
    group: GroupBooking | None = None,
    now: datetime | None = None,
) -> Registration:
    """Book seats on a session: confirmed if they fit, else waitlisted, else refused.

    A group booking (by an organiser, for a partner) may exceed the public
    per-booking maximum and ignores the registration window, but never the
    capacity, and never goes to the waiting list.
    """
    now = now or utcnow()
    _check_request_shape(request)
    if group is None:
        _serialise_bookings_by(request.email)  # first: a wait here must not hold the session's row
    session = _lock_session(session_id, with_questions=True)
    if group is None and session.event.status != EventStatus.PUBLISHED:
        raise NotFound()
    # An organiser booking for a group may not know every attendee's answers: only what is given is checked.
    answers = questions.clean_answers(session.event.questions, request.answers, require=group is None)
    if group is None:
        _check_public_rules(session, request, now)
    elif session.is_cancelled or session.event.status == EventStatus.CANCELLED:
        raise Cancelled()
    already_here, booked_today = _active_bookings_of(request.email, session.id, now)
    if already_here:
        raise AlreadyRegistered()
    if group is None and booked_today >= DAILY_BOOKINGS_MAX:
        raise TooManyBookings()

    placement = seat_rules.place(request.seats, session.seats_left, session.waitlist_enabled and group is None)
    if placement is seat_rules.Placement.REFUSE:
        raise SessionFull()

    registration = Registration(
        session=session,
        name=request.name.strip(),
        email=request.email.strip(),
        seats=request.seats,
        locale=request.locale,
        answers=answers,
        accessibility_needs=request.accessibility_needs.strip(),
        consent_at=now if request.consent else None,
        user_id=request.user_id,
        created_at=now,
    )
    if group is not None:
        registration.partner_structure = group.structure.strip()
        registration.phone = group.phone.strip() or None
        registration.booked_by_id = group.booked_by_id
    if placement is seat_rules.Placement.CONFIRM:
        _confirm(session, registration, now)
    else:
        registration.status = RegistrationStatus.WAITLISTED
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError as error:
        # The unique index, should the check above ever miss; any other refusal is a real fault.
        if is_unique_violation(error, ACTIVE_EMAIL_INDEX):
            raise AlreadyRegistered() from error
        raise

    kind = MessageKind.BOOKING_CONFIRMED if registration.is_confirmed else MessageKind.WAITLISTED
    enqueue_for_registration(kind, registration, waitlist_position=waitlist_position(registration))
    return registration


def cancel(registration_id: int, *, by: CancelledBy = CancelledBy.ATTENDEE, now: datetime | None = None) -> Registration:
    """Cancel a booking or a place on the waiting list, then promote whoever now fits.

    The person may cancel until the session starts; organisers at any time.
    """
    now = now or utcnow()
    registration = _lock_registration(registration_id)
    session = registration.session
    if not registration.is_active:
        raise AlreadyCancelled()
    if by is CancelledBy.ATTENDEE and not attendee_may_change(registration, now):
        raise RegistrationClosed(_l("This session has already started: it can no longer be cancelled online."))

    _release(session, registration, by, now)
    enqueue_for_registration(MessageKind.CANCELLED, registration, cancelled_by=str(by))
    _promote_waiting(session, now)
    db.session.flush()
    return registration


def promote(registration_id: int, *, add_seats: bool = False, now: datetime | None = None) -> Registration:
    """An organiser confirms one waiting party out of turn.

    Seats free up for waiting parties by themselves, so a party chosen by hand
    usually does not fit: with ``add_seats`` the capacity grows by exactly the
    seats missing (the organiser adds chairs); without, it is refused as full.
    """
    now = now or utcnow()
    registration = _lock_registration(registration_id)
    session = registration.session
    if not registration.is_waitlisted:  # also when the session was cancelled: all its parties were
        raise NotWaitlisted()
    if registration.seats > session.seats_left:
        if not add_seats:
            raise SessionFull()
        session.capacity = session.seats_taken + registration.seats
        session.seat_ceiling = max(session.seat_ceiling, session.capacity)
    _confirm(session, registration, now)
    enqueue_for_registration(MessageKind.PROMOTED, registration)
    db.session.flush()
    return registration


def change_seats(registration_id: int, seats: int, *, by: CancelledBy = CancelledBy.ATTENDEE,
                 now: datetime | None = None) -> Registration:
    """Change how many seats an active booking (or a party waiting) asks for.

    More seats for a confirmed booking must fit in the seats left: a booking never
    goes back to waiting. Fewer seats free some, which go to whoever waits. The
    person may change until the session starts, within the per-booking maximum;
    organisers at any time (a partner's group grows), within the capacity.
    The person is told, with an updated invite when they hold seats.
    """
    now = now or utcnow()
    registration = _lock_registration(registration_id)
    session = registration.session
    if not registration.is_active:  # also when the session was cancelled: all its bookings were
        raise AlreadyCancelled()
    if by is CancelledBy.ATTENDEE and not attendee_may_change(registration, now):
        raise RegistrationClosed(_l("This session has already started: the booking can no longer be changed online."))
    # Never fewer than the seats already held: a group booked by an organiser may always shrink.
    allowed = session.max_seats_per_registration if by is CancelledBy.ATTENDEE else session.capacity
    limit = max(allowed, registration.seats)
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= limit:
        raise ValidationFailed({"seats": str(_l("Please choose between 1 and %(max)d seats.", max=limit))})
    change = seats - registration.seats
    if change == 0:
        return registration
    if registration.is_confirmed:
        if change > session.seats_left:
            raise SessionFull()
        session.seats_taken += change
        session.seat_ceiling = max(session.capacity, session.seats_taken)
    registration.seats = seats
    registration.sequence += 1
    # Seats freed go to whoever waits; a waiting party now small enough may be among them,
    # and then its promotion email says it all.
    if registration not in _promote_waiting(session, now):
        enqueue_for_registration(MessageKind.SEATS_CHANGED, registration,
                                 waitlist_position=waitlist_position(registration))
    db.session.flush()
    return registration


# -- Changing a session ----------------------------------------------------------


def change_capacity(session_id: int, capacity: int, *, now: datetime | None = None) -> list[Registration]:
    """Set a new capacity; returns the registrations it promoted.

    Lowering it below the seats already taken keeps every booking: nobody new
    gets in until enough seats have been cancelled.
    """
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 0 <= capacity <= 100_000:
        raise ValidationFailed({"capacity": str(_l("Capacity must be a whole number from 0 to 100000."))})
    session = _lock_session(session_id)
    session.capacity = capacity
    session.seat_ceiling = max(capacity, session.seats_taken)
    promoted = _promote_waiting(session, now or utcnow())
    db.session.flush()
    return promoted


def change_waitlist(session_id: int, enabled: bool) -> None:
    """Turn the waiting list on or off; parties already waiting keep their place."""
    session = _lock_session(session_id)
    session.waitlist_enabled = enabled
    db.session.flush()


def reschedule(session_id: int, starts_at: datetime, ends_at: datetime, *, place_changed: bool = False) -> Session:
    """Move a session in time (or tell of a new place): everyone booked or waiting is told.

    Booked people get an updated invite (same UID, raised SEQUENCE).
    """
    if starts_at.tzinfo is None or ends_at.tzinfo is None:  # a naive time is no instant: refuse it, never guess
        raise ValidationFailed({"starts_at": str(_l("Please give the times with their time zone."))})
    if ends_at <= starts_at:
        raise ValidationFailed({"ends_at": str(_l("The end must come after the start."))})
    session = _lock_session(session_id)
    if session.is_cancelled:
        raise Cancelled()
    if (session.starts_at, session.ends_at) == (starts_at, ends_at) and not place_changed:
        return session
    session.starts_at, session.ends_at = starts_at, ends_at
    session.sequence += 1
    for registration in _active_registrations(session.id):
        registration.sequence += 1
        enqueue_for_registration(MessageKind.RESCHEDULED, registration)
    db.session.flush()
    return session


def cancel_session(session_id: int, *, now: datetime | None = None) -> Session:
    """Cancel a whole session: every booking and waiting party is cancelled and told."""
    now = now or utcnow()
    session = _lock_session(session_id)
    if session.is_cancelled:
        raise Cancelled()
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    for registration in _active_registrations(session.id):
        _release(session, registration, CancelledBy.SESSION, now)
        enqueue_for_registration(MessageKind.SESSION_CANCELLED, registration)
    db.session.flush()
    return session


# -- At the door -----------------------------------------------------------------


def check_in(registration_id: int, *, undo: bool = False, now: datetime | None = None) -> Registration:
    """Mark a confirmed party as arrived (or take it back)."""
    # Read afresh: a copy loaded earlier may predate a cancellation by someone else.
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None:
        raise NotFound()
    if not registration.is_confirmed:
        raise NotConfirmed()
    registration.checked_in_at = None if undo else (now or utcnow())
    db.session.flush()
    return registration


# -- Internals -------------------------------------------------------------------


@contextmanager
def _busy_means_try_again() -> Iterator[None]:
    """A lock not had within the lock timeout: nothing was written, the caller may try again."""
    try:
        yield
    except OperationalError as error:
        if is_lock_timeout(error):
            raise TryAgainLater() from error
        raise


def _lock_session(session_id: int, *, with_questions: bool = False) -> Session:
    """Load the session with its fresh numbers, holding its lock until commit.

    Its event and venue come in the same statement (and the event's questions, if asked):
    every round trip made while holding the lock makes the next booking wait longer.
    """
    event = joinedload(Session.event)
    options = [event.joinedload(Event.venue), *([event.joinedload(Event.questions)] if with_questions else [])]
    with _busy_means_try_again():
        if not holds_write_lock(db.session.connection()):
            raise RuntimeError("booking writes on SQLite need a transaction begun IMMEDIATE (not read_only())")
        session = db.session.execute(
            sa.select(Session)
            .where(Session.id == session_id)
            .options(*options)
            .with_for_update(of=Session)
            .execution_options(populate_existing=True)
        ).unique().scalar_one_or_none()
    if session is None:
        raise NotFound()
    return session


def _lock_registration(registration_id: int) -> Registration:
    """Lock the registration's session, then read the registration as it now is."""
    with _busy_means_try_again():  # on SQLite this first read takes the write lock
        session_id = db.session.scalar(sa.select(Registration.session_id).where(Registration.id == registration_id))
    if session_id is None:
        raise NotFound()
    _lock_session(session_id)
    return db.session.scalar(
        sa.select(Registration)
        .where(Registration.id == registration_id)
        .execution_options(populate_existing=True)
    )


def _check_request_shape(request: BookingRequest) -> None:
    errors = {}
    if not request.name.strip() or len(request.name.strip()) > NAME_MAX:
        errors["name"] = str(_l("Please give a name of at most %(max)d characters.", max=NAME_MAX))
    if not is_valid_email(request.email.strip()):
        errors["email"] = str(_l("Please give a valid email address."))
    if isinstance(request.seats, bool) or not isinstance(request.seats, int) or request.seats < 1:
        errors["seats"] = str(_l("Please book at least one seat."))
    if len(request.accessibility_needs) > ANSWER_MAX:
        errors["accessibility_needs"] = str(_l("Please keep this under %(max)d characters.", max=ANSWER_MAX))
    if errors:
        raise ValidationFailed(errors)


def _check_public_rules(session: Session, request: BookingRequest, now: datetime) -> None:
    state = session_availability(session, now)
    if state is seat_rules.Availability.CANCELLED:
        raise Cancelled()
    if state is seat_rules.Availability.NOT_YET_OPEN:
        raise RegistrationNotOpenYet()
    if state is seat_rules.Availability.CLOSED:
        raise RegistrationClosed()
    if request.seats > session.max_seats_per_registration:
        raise ValidationFailed(
            {
                "seats": str(
                    _l(
                        "You can book at most %(max)d seats at a time.",
                        max=session.max_seats_per_registration,
                    )
                )
            }
        )


# Namespaces Guichet's advisory locks (PostgreSQL keeps one set per database).
EMAIL_LOCK_CLASS = 0x6775


def _serialise_bookings_by(email: str) -> None:
    """On PostgreSQL, make public bookings with one email wait for each other until commit.

    Bookings on different sessions lock different rows: without this, two could count the
    day's bookings at the same moment and both pass the cap. (SQLite writes one at a time.)
    """
    if is_postgresql(db.session.get_bind()):
        with _busy_means_try_again():  # lock_timeout bounds this wait too
            db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(
                EMAIL_LOCK_CLASS, sa.func.hashtext(normalise_email(email)))))


def _active_bookings_of(email: str, session_id: int, now: datetime) -> tuple[bool, int]:
    """Whether ``email`` already holds an active booking on the session, and how many active public
    bookings it made in the last day on any session: one indexed statement, under the locks."""
    here = Registration.session_id == session_id
    today = sa.and_(Registration.partner_structure.is_(None), Registration.created_at >= now - DAILY_BOOKINGS_WINDOW)
    here_count, today_count = db.session.execute(
        sa.select(_count_if(here), _count_if(today)).where(
            Registration.email_key == normalise_email(email),
            Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]),
        )
    ).one()
    return here_count > 0, int(today_count)


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _active_registrations(session_id: int) -> list[Registration]:
    # populate_existing: an object loaded before the lock may hold a status another
    # transaction has since changed (PostgreSQL reads committed data statement by statement).
    return db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.session_id == session_id,
            Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]),
        )
        .order_by(Registration.id)
        .execution_options(populate_existing=True)
    ).all()


def _confirm(session: Session, registration: Registration, now: datetime) -> None:
    session.seats_taken += registration.seats
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now


def _release(session: Session, registration: Registration, by: CancelledBy, now: datetime) -> None:
    if registration.is_confirmed:
        session.seats_taken -= registration.seats
        session.seat_ceiling = max(session.capacity, session.seats_taken)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.cancelled_by = by
    registration.sequence += 1


def _promote_waiting(session: Session, now: datetime) -> list[Registration]:
    """Confirm waiting parties in arrival order while seats are free; each is told at once."""
    if session.is_cancelled or session.seats_left == 0:
        return []
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.id)
        .execution_options(populate_existing=True)  # fresh under the lock, as in _active_registrations
    ).all()
    chosen = set(seat_rules.pick_promotions(session.seats_left, ((r.id, r.seats) for r in waiting)))
    promoted = [r for r in waiting if r.id in chosen]
    for registration in promoted:
        _confirm(session, registration, now)
        enqueue_for_registration(MessageKind.PROMOTED, registration)
    return promoted
