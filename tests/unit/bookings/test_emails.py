"""Every change writes its email to the outbox, in the same transaction."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage
from booking.services import bookings
from booking.services.errors import NotWaitlisted, SessionFull
from tests.unit.bookings.helpers import CONFIRMED, WAITLISTED, fresh, outbox, refused, statuses


def test_each_change_writes_its_email_to_the_outbox(make, book):
    session = make.session(capacity=1)
    confirmed = book(session, email="first@example.org", locale="en")
    waiting = book(session, email="second@example.org", seats=1)
    bookings.cancel(confirmed.id)
    db.session.commit()

    (booked,) = outbox("booking_confirmed")
    assert (booked.registration_id, booked.recipient, booked.locale) == (confirmed.id, "first@example.org", "en")
    assert booked.payload["status"] == "confirmed" and booked.payload["seats"] == 1
    assert booked.payload["manage_token"] == confirmed.manage_token
    (waitlisted,) = outbox("waitlisted")
    assert (waitlisted.registration_id, waitlisted.payload["waitlist_position"]) == (waiting.id, 1)
    (cancelled,) = outbox("cancelled")
    assert (cancelled.registration_id, cancelled.payload["cancelled_by"]) == (confirmed.id, "attendee")
    (promoted,) = outbox("promoted")
    assert (promoted.registration_id, promoted.payload["status"]) == (waiting.id, "confirmed")


def test_a_refused_booking_writes_no_email(make, book):
    session = make.session(capacity=1, waitlist_enabled=False)
    book(session)
    refused(SessionFull, book, session)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_manual_promotion_with_added_seats_grows_capacity_by_exactly_the_seats_missing(make, book):
    session = make.session(capacity=3)
    book(session, seats=2)
    first, chosen = book(session, seats=3), book(session, seats=2)  # 1 seat left: neither fits

    bookings.promote(chosen.id, add_seats=True)
    db.session.commit()

    assert statuses(first, chosen) == [WAITLISTED, CONFIRMED]
    assert (fresh(session).capacity, fresh(session).seats_taken) == (4, 4)
    assert [m.registration_id for m in outbox("promoted")] == [chosen.id]



def test_manual_promotion_after_the_session_was_cancelled_is_refused(make, book):
    session = make.session(capacity=1)
    book(session)
    waiting = book(session)
    bookings.cancel_session(session.id)
    db.session.commit()
    refused(NotWaitlisted, bookings.promote, waiting.id, add_seats=True)
