"""Placement: how seats move between sessions and parties, shared by every use case.

Each function runs under the session's lock (``locking``) and flushes at most; the
edge commits.
"""

from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from booking.database import insert_at_once, is_unique_violation
from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import (
    ACTIVE_STATUSES,
    CancelledBy,
    Registration,
    RegistrationStatus,
    Session,
    new_secret_token,
    normalise_email,
)
from booking.services import pseudonyms
from booking.services import seats as seat_rules
from booking.services.bookings import no_shows, timeline
from booking.services.bookings.availability import waitlist_position
from booking.services.bookings.requests import DAILY_BOOKINGS_WINDOW, BookingRequest
from booking.services.errors import AlreadyRegistered, SessionFull
from booking.services.pseudonyms import PseudonymKey

ACTIVE_EMAIL_INDEX = "uq_registrations_active_email"


def new_registration(session: Session, request: BookingRequest, answers: dict, now: datetime,
                     key: PseudonymKey) -> Registration:
    """The registration a request asks for, not yet placed; ``key`` makes its ``person_ref``.

    Every column with a computed default is set here (``database.insert_at_once`` writes it)."""
    email = request.email.strip() or None
    return Registration(
        session=session,
        manage_token=new_secret_token(),
        name=request.name.strip(),
        email=email,
        phone=request.phone.strip() or None,
        person_ref=pseudonyms.person_ref(email, key) if email else pseudonyms.unknown_person_ref(),
        seats=request.seats,
        wheelchair_spaces=request.wheelchair_spaces,
        locale=request.locale,
        answers=answers,
        accessibility_needs=request.accessibility_needs.strip(),
        access_needs=sorted(set(request.access_needs)),
        consent_at=now if request.consent else None,
        user_id=request.user_id,
        easy_read=request.easy_read,
        created_at=now,
    )


def place(session: Session, registration: Registration, now: datetime, *, may_wait: bool,
          history: "History | None" = None) -> Registration:
    """Confirm the registration if its seats and wheelchair spaces fit, else put it on the waiting list
    if it ``may_wait``, else refuse it as full; then write it and tell the person. ``history``: the
    person's, when already read (``active_bookings_of``), spares reading their missed sessions again."""
    placement = seat_rules.place(registration.takes_seats, session.seats_left, may_wait,
                                 spaces=registration.takes_spaces, spaces_left=session.wheelchair_spaces_left)
    if placement is seat_rules.Placement.REFUSE:
        raise SessionFull()
    if placement is seat_rules.Placement.CONFIRM:
        confirm(session, registration, now)
    else:
        registration.status = RegistrationStatus.WAITLISTED
    try:
        # One Core INSERT: every booking writes one row, and the unit of work cost more than the statement.
        insert_at_once(db.session, registration)
    except IntegrityError as error:
        # The unique index, should the check before ever miss; any other refusal is a real fault.
        if is_unique_violation(error, ACTIVE_EMAIL_INDEX):
            raise AlreadyRegistered() from error
        raise
    kind = MessageKind.BOOKING_CONFIRMED if registration.is_confirmed else MessageKind.WAITLISTED
    note = {}
    if registration.is_confirmed:
        note = (no_shows.missed_sessions_note(registration) if history is None
                else no_shows.note_for(history.missed, history.booked_since_missed))
    enqueue_for_registration(kind, registration, waitlist_position=waitlist_position(registration), **note)
    return registration


class History(NamedTuple):
    """What one statement tells of an email's bookings, read under its lock before booking."""

    here: bool  # an active booking on this session already
    booked_today: int  # active public bookings made in the last day, on any session
    missed: int  # sessions marked as missed (no-shows)
    booked_since_missed: int  # bookings made since the latest one missed


def active_bookings_of(email: str, session_id: int, now: datetime) -> History:
    """Whether ``email`` already holds an active booking on the session, how many active public
    bookings it made in the last day on any session, and its missed sessions (for the note of
    ``no_shows``): one indexed statement, under the locks."""
    here, today, missed, since = db.session.execute(
        _HISTORY, {"email_key": normalise_email(email), "session_id": session_id, "since": now - DAILY_BOOKINGS_WINDOW}
    ).one()
    return History(here > 0, int(today), int(missed), int(since))


def _history_statement() -> sa.Select:
    """``active_bookings_of``'s statement, built once: every public booking runs it, and building
    it anew cost more than running it."""
    email_key = sa.bindparam("email_key", type_=Registration.email_key.type)
    active = Registration.status.in_(ACTIVE_STATUSES)
    here = sa.and_(active, Registration.session_id == sa.bindparam("session_id", type_=sa.Integer))
    today = sa.and_(active, Registration.partner_structure.is_(None),
                    Registration.created_at >= sa.bindparam("since", type_=Registration.created_at.type))
    latest_missed = (sa.select(sa.func.max(Registration.no_show_at))
                     .where(Registration.email_key == email_key).scalar_subquery())
    return (sa.select(_count_if(here), _count_if(today), _count_if(Registration.no_show_at.is_not(None)),
                      _count_if(Registration.created_at > latest_missed))
            .where(Registration.email_key == email_key))


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


_HISTORY = _history_statement()


def active_registrations(session_id: int) -> list[Registration]:
    # populate_existing: an object loaded before the lock may hold a status another
    # transaction has since changed (PostgreSQL reads committed data statement by statement).
    return db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.session_id == session_id,
            Registration.status.in_(ACTIVE_STATUSES),
        )
        .order_by(Registration.id)
        .execution_options(populate_existing=True)
    ).all()


def fits(session: Session, registration: Registration) -> bool:
    """Whether the party's seats and wheelchair spaces both fit in what the session has left."""
    return seat_rules.fits(registration.takes_seats, registration.takes_spaces,
                           session.seats_left, session.wheelchair_spaces_left)


def move_spaces(session: Session, change: int) -> None:
    """The session's wheelchair spaces taken move by ``change`` (given back when negative); callers check
    that they fit. The ceiling follows the spaces down to what is still taken (see ``Session``); the
    database CHECK refuses anything beyond it."""
    session.wheelchair_spaces_taken += change
    session.wheelchair_ceiling = max(session.wheelchair_spaces, session.wheelchair_spaces_taken)


def confirm(session: Session, registration: Registration, now: datetime) -> None:
    session.seats_taken += registration.takes_seats
    move_spaces(session, registration.takes_spaces)
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now


def promote(session: Session, registration: Registration, now: datetime) -> None:
    """A waiting party gets its seats: confirmed, and marked as promoted for the dashboards."""
    confirm(session, registration, now)
    registration.promoted_at = now
    enqueue_for_registration(MessageKind.PROMOTED, registration)


def move_seats(session: Session, registration: Registration, change: int) -> None:
    """A confirmed booking takes ``change`` more seats (fewer when negative), from where it draws them.

    A partner's booking draws on its allocation: while held, seats go between the hold and the
    booking, and the public's seats do not move; once released, freed seats are the public's, and
    nothing more can be drawn. Any other booking draws on the seats left.
    """
    allocation = registration.allocation
    if change > (allocation.seats_unused if allocation is not None else session.seats_left):
        raise SessionFull()
    session.seats_taken += change
    if allocation is not None:
        if allocation.is_held:
            session.seats_held -= change
        allocation.seats_used += change
    session.seat_ceiling = max(session.capacity, session.seats_committed)


def release(session: Session, registration: Registration, by: CancelledBy, now: datetime) -> None:
    if registration.holds_seats:  # confirmed, or offered: both count in seats_taken (and its spaces)
        move_seats(session, registration, -registration.takes_seats)
        move_spaces(session, -registration.takes_spaces)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.cancelled_by = by
    registration.sequence += 1


def promote_waiting(session: Session, now: datetime) -> list[Registration]:
    """Confirm waiting parties in arrival order while seats or spaces are free; each is told at once."""
    if session.is_cancelled or (session.seats_left == 0 and session.wheelchair_spaces_left == 0):
        return []
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.id)
        .execution_options(populate_existing=True)  # fresh under the lock, as in active_registrations
    ).all()
    chosen = set(seat_rules.pick_promotions(session.seats_left, ((r.id, r.takes_seats, r.takes_spaces) for r in waiting),
                                            free_spaces=session.wheelchair_spaces_left))
    promoted = [r for r in waiting if r.id in chosen]
    for registration in promoted:
        offer_or_promote(session, registration, now)
    return promoted


def offer_or_promote(session: Session, registration: Registration, now: datetime) -> None:
    """A waiting party that fits gets the seats: as an offer that expires when the session sets
    ``offer_hours`` (and there is time enough before the start, see ``timeline``), else at once."""
    expires_at = (timeline.offer_expires_at(now, session.starts_at, session.offer_hours)
                  if session.offer_hours else None)
    if expires_at is None:
        promote(session, registration, now)
    else:
        offer(session, registration, expires_at)


def offer(session: Session, registration: Registration, expires_at: datetime) -> None:
    """Hold the seats (and wheelchair spaces) for a waiting party until ``expires_at``: they count as taken;
    the party is told."""
    session.seats_taken += registration.takes_seats
    move_spaces(session, registration.takes_spaces)
    registration.status = RegistrationStatus.OFFERED
    registration.offer_expires_at = expires_at
    enqueue_for_registration(MessageKind.OFFERED, registration, dedupe_key=f"offer:{registration.id}",
                             deadline=expires_at.isoformat())
