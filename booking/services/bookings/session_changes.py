"""Session-level changes: capacity, waiting list, time and place, cancelling the whole session."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import CancelledBy, Event, EventStatus, Registration, Session, SessionStatus, utcnow
from booking.services.bookings import allocations, locking, placement
from booking.services.bookings.availability import sessions_ever_booked
from booking.services.errors import Cancelled, HasBookings, NotADraft, ValidationFailed

MAX_WHEELCHAIR_SPACES = 10_000


def change_capacity(session_id: int, capacity: int, *, now: datetime | None = None) -> list[Registration]:
    """Set a new capacity; returns the registrations it promoted.

    Lowering it below the seats already taken keeps every booking: nobody new
    gets in until enough seats have been cancelled.
    """
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 0 <= capacity <= 100_000:
        raise ValidationFailed({"capacity": str(_l("Capacity must be a whole number from 0 to 100000."))})
    session = locking.lock_session(session_id)
    session.capacity = capacity
    session.seat_ceiling = max(capacity, session.seats_committed)  # bookings and partners' holds stay
    promoted = placement.promote_waiting(session, now or utcnow())
    db.session.flush()
    return promoted


def change_wheelchair_spaces(session_id: int, spaces: int, *, now: datetime | None = None) -> list[Registration]:
    """Set how many wheelchair spaces the session has; returns the registrations it promoted.

    As for capacity, fewer spaces than those taken keeps every booking.
    """
    if not isinstance(spaces, int) or isinstance(spaces, bool) or not 0 <= spaces <= MAX_WHEELCHAIR_SPACES:
        raise ValidationFailed({"wheelchair_spaces": str(_l("Wheelchair spaces must be a whole number from 0 to %(max)d.",
                                                            max=MAX_WHEELCHAIR_SPACES))})
    session = locking.lock_session(session_id)
    session.wheelchair_spaces = spaces
    session.wheelchair_ceiling = max(spaces, session.wheelchair_spaces_taken)
    promoted = placement.promote_waiting(session, now or utcnow())
    db.session.flush()
    return promoted


def change_waitlist(session_id: int, enabled: bool) -> None:
    """Turn the waiting list on or off; parties already waiting keep their place."""
    session = locking.lock_session(session_id)
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
    session = locking.lock_session(session_id)
    if session.is_cancelled:
        raise Cancelled()
    if (session.starts_at, session.ends_at) == (starts_at, ends_at) and not place_changed:
        return session
    session.starts_at, session.ends_at = starts_at, ends_at
    session.sequence += 1
    for registration in placement.active_registrations(session.id):
        registration.sequence += 1
        enqueue_for_registration(MessageKind.RESCHEDULED, registration)
    db.session.flush()
    return session


def cancel_session(session_id: int, *, now: datetime | None = None) -> Session:
    """Cancel a whole session: every booking and waiting party is cancelled and told."""
    now = now or utcnow()
    session = locking.lock_session(session_id)
    if session.is_cancelled:
        raise Cancelled()
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    allocations.release_holds(session, now)  # first: partners' bookings then give their seats to no one
    for registration in placement.active_registrations(session.id):
        placement.release(session, registration, CancelledBy.SESSION, now)
        enqueue_for_registration(MessageKind.SESSION_CANCELLED, registration)
    db.session.flush()
    return session


# -- Deleting what was made by mistake ---------------------------------------------------


def delete_session(session_id: int) -> int:
    """Delete a session nobody ever booked (a date made by mistake); returns its event's id.

    Under the session's lock, so a booking arriving at the same moment either comes first (and the
    session is refused as ``HasBookings``: cancel it instead) or finds no session. A booking cancelled
    since still counts: its person was told of this date.
    """
    session = locking.lock_session(session_id)
    if sessions_ever_booked([session.id]):
        raise HasBookings()
    event_id = session.event_id
    db.session.delete(session)
    db.session.flush()
    return event_id


def delete_event(event: Event) -> None:
    """Delete a draft event whose sessions nobody ever booked, with its sessions and questions."""
    if event.status != EventStatus.DRAFT:
        raise NotADraft()
    session_ids = [session.id for session in event.sessions]
    for session_id in sorted(session_ids):  # one order for every writer
        locking.lock_session(session_id)
    if sessions_ever_booked(session_ids):
        raise HasBookings()
    db.session.delete(event)
    db.session.flush()
