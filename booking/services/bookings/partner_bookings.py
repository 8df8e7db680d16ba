"""A partner's bookings: named people booked within its allocation, through the invite link, no account.

The invite token proves only that its holder has the link: it acts on the allocation's own
bookings, never on another's. People may come with an email, a phone number or neither (they then
get no message: the partner prints the list). Seats come from the allocation (``placement.move_seats``),
never from the public's: a booking beyond what the allocation has left is refused as full.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError

from booking.database import is_unique_violation
from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import Allocation, CancelledBy, EventStatus, Registration, RegistrationStatus, utcnow
from booking.services import pseudonyms
from booking.services.bookings import booking, locking, placement
from booking.services.bookings.requests import NAME_MAX, BookingRequest, check_request_shape
from booking.services.errors import (
    AlreadyRegistered,
    Cancelled,
    NotFound,
    RegistrationClosed,
    SessionFull,
    ValidationFailed,
)
from booking.services.pseudonyms import PseudonymKey


def book_for_partner(invite_token: str, request: BookingRequest, *, key: PseudonymKey,
                     now: datetime | None = None) -> Registration:
    """The partner books seats for someone within its allocation: confirmed, or refused (never waiting)."""
    now = now or utcnow()
    pseudonyms.check_key(key)
    check_request_shape(request, email_required=False)
    allocation = _locked_allocation(invite_token)
    session = allocation.session
    if session.is_cancelled or session.event.status == EventStatus.CANCELLED:
        raise Cancelled()
    if now >= session.starts_at:
        raise RegistrationClosed(_l("This session has already started: it can no longer be booked."))
    # Its wheelchair users take spaces from the session's own pool; the others take the allocation's seats.
    _check_fits(request.seats - request.wheelchair_spaces, allocation)
    if request.wheelchair_spaces > session.wheelchair_spaces_left:
        if not session.wheelchair_spaces_left:
            raise SessionFull(_l("No wheelchair space is left on this date."))
        raise SessionFull(ngettext("Only %(num)d wheelchair space is left on this date.",
                                   "Only %(num)d wheelchair spaces are left on this date.",
                                   session.wheelchair_spaces_left))
    if request.email.strip() and placement.active_bookings_of(request.email, session.id, now)[0]:
        raise AlreadyRegistered()
    registration = placement.new_registration(session, request, {}, now, key)
    registration.allocation = allocation
    registration.partner_structure = allocation.partner
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    placement.move_seats(session, registration, registration.takes_seats)
    placement.move_spaces(session, registration.takes_spaces)
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError as error:
        if is_unique_violation(error, placement.ACTIVE_EMAIL_INDEX):
            raise AlreadyRegistered() from error
        raise
    enqueue_for_registration(MessageKind.BOOKING_CONFIRMED, registration)
    return registration


def change_partner_booking(invite_token: str, registration_id: int, *, name: str | None = None,
                           seats: int | None = None, now: datetime | None = None) -> Registration:
    """The partner changes a booking's name or party size (within what its allocation has left)."""
    now = now or utcnow()
    if name is not None and not 1 <= len(name.strip()) <= NAME_MAX:
        raise ValidationFailed({"name": ngettext("Please give a name of at most %(num)d character.",
                                                 "Please give a name of at most %(num)d characters.", NAME_MAX)})
    registration = _partner_registration(invite_token, registration_id)
    if not registration.is_active:
        raise Cancelled(_l("This booking is already cancelled."))
    if now >= registration.session.starts_at:
        raise RegistrationClosed(_l("This session has already started: the booking can no longer be changed online."))
    if name is not None and name.strip() != registration.name:
        registration.name = name.strip()
        db.session.flush()
    if seats is not None and seats != registration.seats:
        if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
            raise ValidationFailed({"seats": str(_l("Please book at least one seat."))})
        _check_fits(seats - registration.seats, registration.allocation)
        # Seats between the booking and the allocation, the person told: as when an organiser changes them.
        booking.change_seats(registration.id, seats, by=CancelledBy.ORGANISER, now=now)
    db.session.flush()
    return registration


def cancel_partner_booking(invite_token: str, registration_id: int, *, now: datetime | None = None) -> Registration:
    """The partner cancels one of its bookings: the seats go back to its allocation (to the public once released)."""
    _partner_registration(invite_token, registration_id)
    return booking.cancel(registration_id, by=CancelledBy.ATTENDEE, now=now)


def allocation_bookings(allocation_id: int) -> list[Registration]:
    """The allocation's bookings, active first, by name: the partner's list (and what it prints)."""
    return db.session.scalars(
        sa.select(Registration).where(Registration.allocation_id == allocation_id)
        .order_by(Registration.status == RegistrationStatus.CANCELLED, Registration.name, Registration.id)
    ).all()


def _locked_allocation(invite_token: str) -> Allocation:
    with locking.busy_means_try_again():  # on SQLite this first read takes the write lock
        session_id = db.session.scalar(sa.select(Allocation.session_id)
                                       .where(Allocation.invite_token == str(invite_token)))
    if session_id is None:
        raise NotFound()
    locking.lock_session(session_id)
    return db.session.scalar(sa.select(Allocation).where(Allocation.invite_token == str(invite_token))
                             .execution_options(populate_existing=True))


def _partner_registration(invite_token: str, registration_id: int) -> Registration:
    """The registration, under its session's lock, if it is one of this invite's bookings; else not found."""
    allocation = _locked_allocation(invite_token)
    registration = db.session.scalar(sa.select(Registration).where(Registration.id == registration_id)
                                     .execution_options(populate_existing=True))
    if registration is None or registration.allocation_id != allocation.id:
        raise NotFound()
    return registration


def _check_fits(more: int, allocation: Allocation) -> None:
    if more <= allocation.seats_unused:
        return
    if not allocation.is_held:
        raise SessionFull(_l("These seats were given back to the public: the allocation has no seat left."))
    if allocation.seats_unused == 0:
        raise SessionFull(_l("Your allocation has no seat left."))
    raise SessionFull(ngettext("Your allocation has %(num)d seat left.", "Your allocation has %(num)d seats left.",
                               allocation.seats_unused))
