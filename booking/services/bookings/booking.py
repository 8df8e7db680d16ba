"""Booking and cancelling: the use cases of one party's registration.

Two ways in, over one placement step (``placement.place``): the public books for
themselves within the registration window, the per-booking maximum and the daily cap,
and may wait for seats; an organiser books for a partner's group, which may exceed the
per-booking maximum and ignores the window, but never the capacity, and never waits.

Both take the pseudonym key (``key``: ``booking.settings.pseudonym_key(app.config)``) the new
row's ``person_ref`` is computed with, as a keyword without a default: a caller that forgets it
gets a ``TypeError`` at once, and one that passes anything but a ``PseudonymKey`` (say the raw
``SECRET_KEY`` while ``PSEUDONYM_KEY`` is set) too, before any row is written, rather than a
person counted under a number no other booking of theirs has.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import CancelledBy, EventStatus, Registration, utcnow
from booking.services import pseudonyms, questions
from booking.services.bookings import locking, placement
from booking.services.bookings.availability import attendee_may_change, waitlist_position
from booking.services.bookings.requests import (
    DAILY_BOOKINGS_MAX,
    BookingRequest,
    GroupBooking,
    check_public_rules,
    check_request_shape,
    check_wheelchair_spaces,
)
from booking.services.errors import (
    AlreadyCancelled,
    AlreadyRegistered,
    Cancelled,
    NotConfirmed,
    NotFound,
    NotWaitlisted,
    RegistrationClosed,
    SessionFull,
    TooManyBookings,
    ValidationFailed,
)
from booking.services.pseudonyms import PseudonymKey


def book(session_id: int, request: BookingRequest, *, key: PseudonymKey, now: datetime | None = None) -> Registration:
    """Someone books seats on a published session: confirmed if they fit, else waitlisted, else refused."""
    now = now or utcnow()
    pseudonyms.check_key(key)  # before any lock or row: a wrong key must never get as far as a flush
    check_request_shape(request)
    session = locking.lock_session(session_id, with_questions=True, email=request.email)
    if session.event.status != EventStatus.PUBLISHED:
        raise NotFound()
    answers = questions.clean_answers(session.event.questions, request.answers, require=True)
    check_public_rules(session, request, now)
    history = placement.active_bookings_of(request.email, session.id, now)  # missed sessions too: one statement
    if history.here:
        raise AlreadyRegistered()
    if history.booked_today >= DAILY_BOOKINGS_MAX:
        raise TooManyBookings()
    registration = placement.new_registration(session, request, answers, now, key)
    return placement.place(session, registration, now, may_wait=session.waitlist_enabled, history=history)


def book_for_group(session_id: int, request: BookingRequest, group: GroupBooking, *, key: PseudonymKey,
                   now: datetime | None = None) -> Registration:
    """An organiser books seats for a partner's group: confirmed if they fit in the capacity, else refused.

    Unpublished events are open to it, the registration window and the per-booking maximum do not apply.
    """
    now = now or utcnow()
    pseudonyms.check_key(key)  # before any lock or row: a wrong key must never get as far as a flush
    check_request_shape(request, email_required=False)  # a group without an address gets no message
    session = locking.lock_session(session_id, with_questions=True)
    # An organiser booking for a group may not know every attendee's answers: only what is given is checked.
    answers = questions.clean_answers(session.event.questions, request.answers, require=False)
    if session.is_cancelled or session.event.status == EventStatus.CANCELLED:
        raise Cancelled()
    if placement.active_bookings_of(request.email, session.id, now).here:
        raise AlreadyRegistered()
    registration = placement.new_registration(session, request, answers, now, key)
    registration.partner_structure = group.structure.strip()
    registration.phone = group.phone.strip() or registration.phone
    registration.booked_by_id = group.booked_by_id
    return placement.place(session, registration, now, may_wait=False)


def cancel(registration_id: int, *, by: CancelledBy = CancelledBy.ATTENDEE, now: datetime | None = None) -> Registration:
    """Cancel a booking or a place on the waiting list, then promote whoever now fits.

    The person may cancel until the session starts; organisers at any time.
    """
    now = now or utcnow()
    registration = locking.lock_registration(registration_id)
    session = registration.session
    if not registration.is_active:
        raise AlreadyCancelled()
    if by is CancelledBy.ATTENDEE and not attendee_may_change(registration, now):
        raise RegistrationClosed(_l("This session has already started: it can no longer be cancelled online."))

    placement.release(session, registration, by, now)
    enqueue_for_registration(MessageKind.CANCELLED, registration, cancelled_by=str(by))
    placement.promote_waiting(session, now)
    db.session.flush()
    return registration


def promote(registration_id: int, *, add_seats: bool = False, now: datetime | None = None) -> Registration:
    """An organiser confirms one waiting party out of turn.

    Seats free up for waiting parties by themselves, so a party chosen by hand
    usually does not fit: with ``add_seats`` the capacity grows by exactly the
    seats missing (the organiser adds chairs); without, it is refused as full.
    """
    now = now or utcnow()
    registration = locking.lock_registration(registration_id)
    session = registration.session
    if not registration.is_waitlisted:  # also when the session was cancelled: all its parties were
        raise NotWaitlisted()
    if not placement.fits(session, registration):
        if not add_seats:
            raise SessionFull()
        # Exactly what is missing, seats and wheelchair spaces alike.
        session.capacity = max(session.capacity, session.seats_committed + registration.takes_seats)
        session.seat_ceiling = max(session.seat_ceiling, session.capacity)
        session.wheelchair_spaces = max(session.wheelchair_spaces,
                                        session.wheelchair_spaces_taken + registration.takes_spaces)
        session.wheelchair_ceiling = max(session.wheelchair_ceiling, session.wheelchair_spaces)
    placement.promote(session, registration, now)
    db.session.flush()
    return registration


def change_seats(registration_id: int, seats: int, *, by: CancelledBy = CancelledBy.ATTENDEE,
                 wheelchair_spaces: int | None = None, now: datetime | None = None) -> Registration:
    """Change how many seats an active booking (or a party waiting) asks for.

    ``wheelchair_spaces`` says how many of them use a wheelchair; left out, the party
    keeps its own (at most its new seats). More seats or spaces for a confirmed booking
    must fit in those left: a booking never
    goes back to waiting. Fewer seats free some, which go to whoever waits. The
    person may change until the session starts, within the per-booking maximum;
    organisers at any time (a partner's group grows), within the capacity.
    The person is told, with an updated invite when they hold seats.
    """
    now = now or utcnow()
    registration = locking.lock_registration(registration_id)
    session = registration.session
    if not registration.is_active:  # also when the session was cancelled: all its bookings were
        raise AlreadyCancelled()
    if by is CancelledBy.ATTENDEE and not attendee_may_change(registration, now):
        raise RegistrationClosed(_l("This session has already started: the booking can no longer be changed online."))
    # Never fewer than the seats already held: a group booked by an organiser may always shrink.
    allowed = session.max_seats_per_registration if by is CancelledBy.ATTENDEE else session.capacity
    limit = max(allowed, registration.seats)
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= limit:
        raise ValidationFailed({"seats": ngettext("Please choose %(num)d seat.", "Please choose between 1 and %(num)d seats.",
                                                   limit)})
    spaces = min(registration.wheelchair_spaces, seats) if wheelchair_spaces is None else wheelchair_spaces
    check_wheelchair_spaces(spaces, seats)
    more_seats = (seats - spaces) - registration.takes_seats
    more_spaces = spaces - registration.takes_spaces
    if more_seats == 0 and more_spaces == 0 and seats == registration.seats:
        return registration
    if registration.holds_seats:  # confirmed, or offered: both count as taken
        if more_spaces > session.wheelchair_spaces_left:
            raise SessionFull()
        placement.move_seats(session, registration, more_seats)  # a partner's booking draws on its allocation
        placement.move_spaces(session, more_spaces)
    registration.seats, registration.wheelchair_spaces = seats, spaces
    # A party that shrank cannot have more seats arrived than it holds.
    registration.seats_checked_in = min(registration.seats_checked_in, seats)
    registration.sequence += 1
    # Seats freed go to whoever waits; a waiting party now small enough may be among them,
    # and then its promotion email says it all.
    if registration not in placement.promote_waiting(session, now):
        enqueue_for_registration(MessageKind.SEATS_CHANGED, registration,
                                 waitlist_position=waitlist_position(registration))
    db.session.flush()
    return registration


def check_in(registration_id: int, *, seats: int | None = None, undo: bool = False,
             now: datetime | None = None) -> Registration:
    """At the door: mark a confirmed party as arrived (or take it back).

    ``seats`` says how many of the party's seats are here now (1 of 2: the other
    comes later); without it the whole party arrived. ``undo`` takes it all back.
    """
    # Read afresh: a copy loaded earlier may predate a cancellation by someone else.
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None:
        raise NotFound()
    if not registration.is_confirmed:
        raise NotConfirmed()
    if seats is not None and not 1 <= seats <= registration.seats:
        raise ValidationFailed({"seats": ngettext("Please choose %(num)d seat.",
                                                   "Please choose between 1 and %(num)d seats.", registration.seats)})
    if undo:
        registration.checked_in_at, registration.seats_checked_in = None, 0
    else:
        # The first arrival's time stays: the rest of the party coming later does not move it.
        registration.checked_in_at = registration.checked_in_at or now or utcnow()
        registration.no_show_at = None  # marked absent too soon: they came after all
        registration.seats_checked_in = registration.seats if seats is None else seats
    db.session.flush()
    return registration
