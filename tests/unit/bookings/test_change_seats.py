"""Changing the seats of a booking: more must fit, fewer go to whoever waits; the person is told."""

from datetime import timedelta

import pytest

from booking.extensions import db
from booking.mail.messages import invite_method
from booking.models import utcnow
from booking.services import bookings
from booking.services.bookings import CancelledBy, GroupBooking
from booking.services.errors import AlreadyCancelled, RegistrationClosed, SessionFull, ValidationFailed
from tests.unit.bookings.helpers import CONFIRMED, WAITLISTED, fresh, outbox, refused, statuses

ORGANISER = CancelledBy.ORGANISER


def change(registration, seats, **kwargs):
    changed = bookings.change_seats(registration.id, seats, **kwargs)
    db.session.commit()
    return changed


def test_more_seats_that_fit_are_taken_and_the_person_gets_an_updated_invite(make, book):
    session = make.session(capacity=5)
    booking = book(session, seats=1)

    change(booking, 3)

    assert fresh(session).seats_taken == 3 and booking.seats == 3 and booking.sequence == 1
    [message] = outbox("seats_changed")
    assert message.payload["seats"] == 3 and message.payload["sequence"] == 1
    assert invite_method(message.kind, message.payload).value == "REQUEST"


def test_more_seats_than_are_left_are_refused_and_nothing_changes(make, book):
    session = make.session(capacity=4)
    booking = book(session, seats=2)
    book(session, seats=1)

    refused(SessionFull, bookings.change_seats, booking.id, 4)

    assert (fresh(session).seats_taken, statuses(booking)) == (3, [CONFIRMED])
    assert outbox("seats_changed") == []


def test_fewer_seats_free_some_for_whoever_waits_in_arrival_order(make, book):
    session = make.session(capacity=4)
    booking = book(session, seats=4)
    first, second = book(session, seats=2), book(session, seats=1)

    change(booking, 1)

    assert statuses(booking, first, second) == [CONFIRMED, CONFIRMED, CONFIRMED]
    assert fresh(session).seats_taken == 4
    assert [m.registration_id for m in outbox("promoted")] == [first.id, second.id]


def test_a_waiting_party_that_now_fits_is_promoted_and_told_once(make, book):
    session = make.session(capacity=3)
    book(session, seats=2)
    waiting = book(session, seats=2)
    assert waiting.status == WAITLISTED

    change(waiting, 1)

    assert statuses(waiting) == [CONFIRMED] and fresh(session).seats_taken == 3
    assert [m.registration_id for m in outbox("promoted")] == [waiting.id]
    assert outbox("seats_changed") == []


def test_a_waiting_party_that_still_does_not_fit_keeps_its_place(make, book):
    session = make.session(capacity=2)
    book(session, seats=2)
    waiting, behind = book(session, seats=3), book(session, seats=1)

    change(waiting, 2)

    assert statuses(waiting, behind) == [WAITLISTED, WAITLISTED]
    assert bookings.waitlist_position(waiting) == 1
    [message] = outbox("seats_changed")
    assert message.payload["waitlist_position"] == 1 and invite_method(message.kind, message.payload) is None


def test_the_person_stays_within_the_per_booking_maximum_but_an_organiser_only_within_capacity(make, book):
    session = make.session(capacity=20, max_seats_per_registration=4)
    booking = book(session, seats=2)

    error = refused(ValidationFailed, bookings.change_seats, booking.id, 5)
    assert set(error.fields) == {"seats"}

    change(booking, 12, by=ORGANISER)  # a partner's group grows
    assert fresh(session).seats_taken == 12
    refused(ValidationFailed, bookings.change_seats, booking.id, 21, by=ORGANISER)


def test_a_group_larger_than_the_maximum_may_still_shrink_through_its_own_link(make, book):
    session = make.session(capacity=20, max_seats_per_registration=4)
    group = book(session, seats=10, group=GroupBooking(structure="Centre social"))

    change(group, 8)

    assert fresh(session).seats_taken == 8


@pytest.mark.parametrize("seats", [0, -1, True, "3", 2.5])
def test_seats_must_be_a_positive_whole_number(make, book, seats):
    booking = book(make.session(capacity=5))
    refused(ValidationFailed, bookings.change_seats, booking.id, seats)


def test_the_same_number_changes_nothing_and_sends_nothing(make, book):
    booking = book(make.session(capacity=5), seats=2)
    change(booking, 2)
    assert booking.sequence == 0 and outbox("seats_changed") == []


def test_after_the_start_only_an_organiser_may_change(make, book):
    session = make.session(capacity=5, starts_in=timedelta(hours=2))
    booking = book(session, seats=2)
    later = utcnow() + timedelta(hours=3)

    refused(RegistrationClosed, bookings.change_seats, booking.id, 1, now=later)
    change(booking, 1, by=ORGANISER, now=later)
    assert fresh(session).seats_taken == 1


def test_cancelled_bookings_and_sessions_cannot_change(make, book):
    session = make.session(capacity=5)
    gone, kept = book(session), book(session)
    bookings.cancel(gone.id)
    db.session.commit()
    refused(AlreadyCancelled, bookings.change_seats, gone.id, 2)

    bookings.cancel_session(session.id)
    db.session.commit()
    refused(AlreadyCancelled, bookings.change_seats, kept.id, 2)  # cancelling a session cancels its bookings
