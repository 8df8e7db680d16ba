"""The booking rules: the one place that decides seats, waiting lists and promotions.

Split by what each part does: ``availability`` reads what a session offers,
``booking`` holds the use cases of one party (the public's booking, the organisers'
group booking, cancelling, changing seats, promoting, checking in), ``session_changes``
those of a whole session, ``placement`` the seat moves they share, ``locking`` the
locks every write takes first, ``requests`` what is asked and its checks; ``allocations`` the seats held for partners and
``partner_bookings`` what partners book within them; ``desk`` the desk's and the door's use cases (bookings for
someone, walk-ins, closing by hand, corrections), ``codes`` the short booking codes read out on the phone.

Functions flush and never commit: the caller (a view, the API, the CLI) commits, so
each action is one short transaction with its emails. Callers use the names below
(``bookings.book(...)``), never the modules inside.

``reconfirmation`` (reconfirm or release), ``offers`` (offers that expire) and ``no_shows`` hold
those use cases; ``timeline`` the plain time rules they follow. Their timed steps (``ask_due``,
``remind_due``, ``release_due``, ``expire_due``) are called by the jobs in ``booking/jobs/registry.py``.
"""

from booking.models import CancelledBy
from booking.services.bookings.allocations import (
    PARTNER_MAX,
    RELEASE_NOTICE,
    AllocationReleased,
    AllocationRequest,
    allocate,
    allocation_by_token,
    notify_release_soon,
    partner_allocations,
    release_due,
    session_allocations,
)
from booking.services.bookings.allocations import change as change_allocation
from booking.services.bookings.allocations import release as release_allocation
from booking.services.bookings.availability import (
    attendee_may_change,
    session_availability,
    sessions_ever_booked,
    waitlist_counts,
    waitlist_position,
)
from booking.services.bookings.booking import book, book_for_group, cancel, change_seats, check_in, promote
from booking.services.bookings.codes import booking_code, registration_id_of_code
from booking.services.bookings.desk import (
    AttendeeCorrection,
    DeskBooking,
    book_at_desk,
    close_registrations,
    correct_attendee,
    reopen_registrations,
    walk_in,
)
from booking.services.bookings.locking import EMAIL_LOCK_CLASS
from booking.services.bookings.no_shows import mark_no_shows
from booking.services.bookings.offers import accept, decline
from booking.services.bookings.partner_bookings import (
    allocation_bookings,
    book_for_partner,
    cancel_partner_booking,
    change_partner_booking,
)
from booking.services.bookings.reconfirmation import reconfirm, reconfirm_deadline
from booking.services.bookings.requests import (
    ACCESS_NEED_CODES,
    ANSWER_MAX,
    DAILY_BOOKINGS_MAX,
    DAILY_BOOKINGS_WINDOW,
    EMAIL_MAX,
    NAME_MAX,
    BookingRequest,
    GroupBooking,
)
from booking.services.bookings.session_changes import (
    MAX_WHEELCHAIR_SPACES,
    cancel_session,
    change_capacity,
    change_waitlist,
    change_wheelchair_spaces,
    delete_event,
    delete_session,
    reschedule,
)

__all__ = [
    "ACCESS_NEED_CODES",
    "PARTNER_MAX",
    "RELEASE_NOTICE",
    "AllocationReleased",
    "AllocationRequest",
    "allocate",
    "allocation_bookings",
    "allocation_by_token",
    "book_for_partner",
    "cancel_partner_booking",
    "change_allocation",
    "change_partner_booking",
    "notify_release_soon",
    "partner_allocations",
    "release_allocation",
    "release_due",
    "session_allocations",
    "ANSWER_MAX",
    "AttendeeCorrection",
    "DeskBooking",
    "book_at_desk",
    "booking_code",
    "close_registrations",
    "correct_attendee",
    "registration_id_of_code",
    "reopen_registrations",
    "walk_in",
    "DAILY_BOOKINGS_MAX",
    "DAILY_BOOKINGS_WINDOW",
    "EMAIL_LOCK_CLASS",
    "EMAIL_MAX",
    "MAX_WHEELCHAIR_SPACES",
    "NAME_MAX",
    "BookingRequest",
    "CancelledBy",
    "GroupBooking",
    "accept",
    "attendee_may_change",
    "book",
    "book_for_group",
    "cancel",
    "cancel_session",
    "change_capacity",
    "change_seats",
    "change_waitlist",
    "change_wheelchair_spaces",
    "check_in",
    "delete_event",
    "delete_session",
    "decline",
    "mark_no_shows",
    "promote",
    "reconfirm",
    "reconfirm_deadline",
    "reschedule",
    "session_availability",
    "sessions_ever_booked",
    "waitlist_counts",
    "waitlist_position",
]
