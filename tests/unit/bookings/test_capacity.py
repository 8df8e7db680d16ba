"""Changing a session's capacity: no booking is lost, newcomers wait, more seats promote."""

import pytest

from booking.extensions import db
from booking.services import bookings
from booking.services.errors import SessionFull, ValidationFailed
from tests.unit.bookings.helpers import CONFIRMED, WAITLISTED, fresh, outbox, refused, statuses


def test_capacity_decrease_below_seats_taken_keeps_bookings_and_lets_nobody_new_in(make, book):
    session = make.session(capacity=5)
    booked = [book(session) for _ in range(5)]
    assert bookings.change_capacity(session.id, 3) == []
    db.session.commit()  # the CHECK (seats_taken <= seat_ceiling) accepts it
    after = fresh(session)
    assert (after.capacity, after.seats_taken, after.seat_ceiling, after.seats_left) == (3, 5, 5, 0)
    assert statuses(*booked) == [CONFIRMED] * 5

    newcomer = book(session)
    assert newcomer.status == WAITLISTED

    bookings.cancel(booked[0].id)  # 4 taken, still above the new capacity: nobody promoted
    db.session.commit()
    after = fresh(session)
    assert (after.seats_taken, after.seat_ceiling) == (4, 4)
    assert statuses(newcomer) == [WAITLISTED]

    bookings.cancel(booked[1].id)
    bookings.cancel(booked[2].id)  # 2 taken: one seat free under capacity 3
    db.session.commit()
    after = fresh(session)
    assert statuses(newcomer) == [CONFIRMED]
    assert (after.seats_taken, after.seat_ceiling) == (3, 3)


def test_capacity_decrease_without_waiting_list_refuses_newcomers(make, book):
    session = make.session(capacity=3, waitlist_enabled=False)
    book(session, seats=3)
    bookings.change_capacity(session.id, 1)
    db.session.commit()
    refused(SessionFull, book, session)


def test_capacity_increase_promotes_in_arrival_order(make, book):
    session = make.session(capacity=1)
    book(session)
    big, small, last = book(session, seats=3), book(session, seats=1), book(session, seats=2)
    promoted = bookings.change_capacity(session.id, 4)
    db.session.commit()
    assert [r.id for r in promoted] == [big.id]
    assert statuses(big, small, last) == [CONFIRMED, WAITLISTED, WAITLISTED]
    promoted = bookings.change_capacity(session.id, 6)
    db.session.commit()
    assert [r.id for r in promoted] == [small.id]  # 2 free: small (1) in; last (2) no longer fits
    assert fresh(session).seats_taken == 5
    assert len(outbox("promoted")) == 2


def test_capacity_increase_after_a_decrease_lifts_the_ceiling(make, book):
    session = make.session(capacity=4)
    book(session, seats=4)
    bookings.change_capacity(session.id, 2)
    bookings.change_capacity(session.id, 6)
    db.session.commit()
    after = fresh(session)
    assert (after.capacity, after.seat_ceiling, after.seats_left) == (6, 6, 2)


@pytest.mark.parametrize("capacity", [-1, True, "5", 2.5, 100_001, None])
def test_capacity_must_be_a_whole_number_in_range(make, capacity):
    session = make.session(capacity=5)
    refused(ValidationFailed, bookings.change_capacity, session.id, capacity)
    assert fresh(session).capacity == 5
