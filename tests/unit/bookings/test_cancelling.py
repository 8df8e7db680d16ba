"""Cancelling frees seats for those waiting, in arrival order; organisers may promote out of turn."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, Session
from booking.services import bookings
from booking.services.bookings import CancelledBy
from booking.services.errors import AlreadyCancelled, NotFound, NotWaitlisted, RegistrationClosed, SessionFull
from tests.unit.bookings.helpers import CANCELLED, CONFIRMED, WAITLISTED, fresh, outbox, refused, statuses


def test_cancel_frees_seats_and_promotes_in_arrival_order(make, book):
    session = make.session(capacity=2)
    first, second = book(session), book(session)
    waiting = [book(session) for _ in range(3)]
    bookings.cancel(first.id)
    db.session.commit()
    assert statuses(first, second, *waiting) == [CANCELLED, CONFIRMED, CONFIRMED, WAITLISTED, WAITLISTED]
    assert fresh(session).seats_taken == 2
    assert [bookings.waitlist_position(r) for r in waiting[1:]] == [1, 2]


def test_promotion_skips_a_party_too_big_and_lets_a_smaller_one_behind_go_first(make, book):
    session = make.session(capacity=4)
    a, b = book(session, seats=2), book(session, seats=2)
    c, d, e = book(session, seats=3), book(session, seats=2), book(session, seats=1)
    assert statuses(c, d, e) == [WAITLISTED] * 3

    bookings.cancel(b.id)  # 2 free: c (3) is skipped, not dropped; d (2) goes in
    db.session.commit()
    assert statuses(c, d, e) == [WAITLISTED, CONFIRMED, WAITLISTED]
    assert [bookings.waitlist_position(r) for r in (c, e)] == [1, 2]

    bookings.cancel(a.id)  # 2 free: c still does not fit, e (1) does
    db.session.commit()
    assert statuses(c, e) == [WAITLISTED, CONFIRMED]
    assert fresh(session).seats_taken == 3

    bookings.cancel(d.id)  # 3 free: c's turn at last
    db.session.commit()
    assert statuses(c) == [CONFIRMED]
    assert fresh(session).seats_taken == 4


def test_cancelling_a_waiting_party_frees_no_seat_and_moves_the_others_up(make, book):
    session = make.session(capacity=1)
    book(session)
    first, second = book(session), book(session)
    bookings.cancel(first.id)
    db.session.commit()
    assert fresh(session).seats_taken == 1
    assert statuses(second) == [WAITLISTED]
    assert bookings.waitlist_position(db.session.get(Registration, second.id)) == 1


def test_cancelling_twice_is_refused(make, book):
    registration = book(make.session())
    bookings.cancel(registration.id)
    db.session.commit()
    refused(AlreadyCancelled, bookings.cancel, registration.id)
    assert fresh(registration.session).seats_taken == 0


def test_unknown_registration_cannot_be_cancelled(make):
    refused(NotFound, bookings.cancel, 999_999)


def test_attendee_cannot_cancel_once_the_session_has_started(make, book):
    session = make.session()
    registration = book(session)
    refused(RegistrationClosed, bookings.cancel, registration.id, now=session.starts_at)
    assert statuses(registration) == [CONFIRMED]


def test_organiser_can_cancel_after_the_start(make, book):
    session = make.session()
    registration = book(session)
    bookings.cancel(registration.id, by=CancelledBy.ORGANISER, now=session.starts_at + timedelta(minutes=5))
    db.session.commit()
    assert statuses(registration) == [CANCELLED]
    assert db.session.get(Registration, registration.id).cancelled_by == "organiser"


def test_organiser_promotes_a_waiting_party_out_of_turn_when_it_fits(make, book):
    session = make.session(capacity=3)
    book(session, seats=3)
    first, second = book(session, seats=2), book(session, seats=1)
    # The service promotes by itself whenever seats free up, so a waiting party that fits only
    # exists when seats were freed outside it (here, a raw update standing for a data fix).
    db.session.execute(sa.update(Session).where(Session.id == session.id).values(capacity=4, seat_ceiling=4))
    db.session.commit()
    bookings.promote(second.id)
    db.session.commit()
    assert statuses(first, second) == [WAITLISTED, CONFIRMED]
    assert [m.registration_id for m in outbox("promoted")] == [second.id]


def test_manual_promotion_that_does_not_fit_is_refused(make, book):
    session = make.session(capacity=3)
    book(session, seats=2)
    waiting = book(session, seats=2)
    refused(SessionFull, bookings.promote, waiting.id)
    assert statuses(waiting) == [WAITLISTED]


def test_only_waiting_parties_can_be_promoted(make, book):
    session = make.session(capacity=3)
    confirmed = book(session)
    refused(NotWaitlisted, bookings.promote, confirmed.id)
    bookings.cancel(confirmed.id)
    db.session.commit()
    refused(NotWaitlisted, bookings.promote, confirmed.id)


def test_a_party_promoted_as_seats_free_up_is_dated_promoted_and_one_confirmed_at_once_is_not(make, book):
    session = make.session(capacity=1)
    booked = book(session, now=session.starts_at - timedelta(days=3))
    waiting = book(session, now=session.starts_at - timedelta(days=3))
    moved_up_at = session.starts_at - timedelta(days=1)
    bookings.cancel(booked.id, now=moved_up_at)
    db.session.commit()
    assert db.session.get(Registration, waiting.id).promoted_at == moved_up_at
    assert db.session.get(Registration, booked.id).promoted_at is None


def test_a_party_promoted_out_of_turn_by_an_organiser_is_dated_promoted(make, book):
    session = make.session(capacity=1)
    book(session)
    waiting = book(session)
    promoted_at = session.starts_at - timedelta(hours=2)
    bookings.promote(waiting.id, add_seats=True, now=promoted_at)
    db.session.commit()
    assert db.session.get(Registration, waiting.id).promoted_at == promoted_at


def test_the_database_refuses_a_cancellation_by_no_one_it_knows(make, book):
    registration = book(make.session())
    registration.cancelled_by = "someone"
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
