"""Every rule of the booking service, through the service itself (SQLite, builders from conftest)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, Registration, RegistrationStatus, Session, utcnow
from booking.services import bookings
from booking.services.bookings import BookingRequest, CancelledBy, GroupBooking
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
    ValidationFailed,
)

CONFIRMED, WAITLISTED, CANCELLED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


class Booker:
    """Books through the service and commits, as a view would; numbers each guest."""

    def __init__(self):
        self.n = 0

    def __call__(self, session, seats=1, email=None, *, now=None, group=None, **fields):
        self.n += 1
        request = BookingRequest(name=fields.pop("name", "Camille Martin"), email=email or f"guest{self.n}@example.org",
                                 seats=seats, **fields)
        registration = bookings.register(session.id, request, group=group, now=now)
        db.session.commit()
        return registration


@pytest.fixture
def book(make):
    return Booker()


def refused(error_type, action, *args, **kwargs):
    """Run a service call expected to be refused; roll back as the edge would and return the error."""
    with pytest.raises(error_type) as caught:
        action(*args, **kwargs)
    db.session.rollback()
    return caught.value


def fresh(session: Session) -> Session:
    db.session.expire_all()
    return db.session.get(Session, session.id)


def statuses(*registrations) -> list[str]:
    db.session.expire_all()
    return [db.session.get(Registration, r.id).status for r in registrations]


def outbox(kind: str) -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def count_registrations() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


# -- Booking ---------------------------------------------------------------------------


def test_booking_that_fits_is_confirmed_and_takes_its_seats(make, book):
    session = make.session(capacity=5)
    registration = book(session, seats=3)
    assert registration.status == CONFIRMED
    assert registration.confirmed_at is not None
    assert fresh(session).seats_taken == 3


def test_full_session_puts_parties_on_the_waiting_list_with_their_position(make, book):
    session = make.session(capacity=2)
    book(session, seats=2)
    first, second = book(session), book(session, seats=2)
    assert (first.status, second.status) == (WAITLISTED, WAITLISTED)
    assert (bookings.waitlist_position(first), bookings.waitlist_position(second)) == (1, 2)
    assert fresh(session).seats_taken == 2
    assert bookings.waitlist_counts([session.id]) == {session.id: 2}


def test_party_bigger_than_the_seats_left_waits_even_when_some_are_free(make, book):
    session = make.session(capacity=4)
    book(session, seats=3)
    assert book(session, seats=2).status == WAITLISTED
    assert book(session, seats=1).status == CONFIRMED  # a smaller party behind still fits


def test_full_session_without_waiting_list_refuses_and_writes_nothing(make, book):
    session = make.session(capacity=1, waitlist_enabled=False)
    book(session)
    refused(SessionFull, book, session)
    assert count_registrations() == 1
    assert fresh(session).seats_taken == 1


def test_turning_the_waiting_list_off_refuses_newcomers_but_keeps_those_waiting(make, book):
    session = make.session(capacity=1)
    book(session)
    waiting = book(session)
    bookings.change_waitlist(session.id, False)
    db.session.commit()
    refused(SessionFull, book, session)
    assert statuses(waiting) == [WAITLISTED]


def test_booking_before_the_window_opens_is_refused(make, book):
    now = utcnow()
    session = make.session(registration_opens_at=now + timedelta(hours=1))
    error = refused(RegistrationNotOpenYet, book, session, now=now)
    assert isinstance(error, RegistrationClosed)  # the API answers "closed" for both
    assert book(session, now=now + timedelta(hours=1)).status == CONFIRMED


def test_booking_after_the_window_closes_is_refused(make, book):
    now = utcnow()
    session = make.session(registration_closes_at=now - timedelta(minutes=1))
    refused(RegistrationClosed, book, session, now=now)


def test_window_closes_at_the_start_by_default(make, book):
    session = make.session()
    refused(RegistrationClosed, book, session, now=session.starts_at)
    assert book(session, now=session.starts_at - timedelta(seconds=1)).status == CONFIRMED


def test_seats_above_the_per_registration_maximum_are_refused(make, book):
    session = make.session(capacity=20, max_seats_per_registration=3)
    error = refused(ValidationFailed, book, session, seats=4)
    assert "seats" in error.fields
    assert book(session, seats=3).status == CONFIRMED


@pytest.mark.parametrize("seats", [0, -1, True, False, 1.5, "2", None])
def test_seats_must_be_a_positive_whole_number(make, book, seats):
    session = make.session()
    error = refused(ValidationFailed, book, session, seats=seats)
    assert set(error.fields) == {"seats"}
    assert count_registrations() == 0


@pytest.mark.parametrize("name, email, field", [("  ", "a@example.org", "name"), ("x" * 121, "a@example.org", "name"),
                                                ("Ana", "not-an-email", "email"), ("Ana", "a b@example.org", "email"),
                                                ("Ana", "a@example.org\r\nBcc: x@y.z", "email")])
def test_name_and_email_must_have_a_sane_shape(make, book, name, email, field):
    session = make.session()
    error = refused(ValidationFailed, book, session, name=name, email=email)
    assert field in error.fields


def test_same_email_in_another_case_is_already_registered(make, book):
    session = make.session(capacity=5)
    book(session, email="Camille@Example.org")
    refused(AlreadyRegistered, book, session, email="  camille@example.ORG ")
    assert count_registrations() == 1


def test_someone_waiting_cannot_book_a_second_time_either(make, book):
    session = make.session(capacity=1)
    book(session)
    book(session, email="waiting@example.org")
    refused(AlreadyRegistered, book, session, email="WAITING@example.org")


def test_same_email_may_book_again_after_cancelling(make, book):
    session = make.session(capacity=5)
    first = book(session, email="camille@example.org")
    bookings.cancel(first.id)
    db.session.commit()
    assert book(session, email="Camille@example.org").status == CONFIRMED


def test_same_email_may_book_another_session(make, book):
    first, second = make.session(), make.session()
    book(first, email="camille@example.org")
    assert book(second, email="camille@example.org").status == CONFIRMED


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_session_of_an_unpublished_event_is_not_found(make, book, status):
    session = make.session(event=make.event(status=status))
    refused(NotFound, book, session)


def test_unknown_session_is_not_found(make):
    refused(NotFound, bookings.register, 999_999, BookingRequest(name="Ana", email="ana@example.org"))


def test_cancelled_session_refuses_bookings(make, book):
    session = make.session()
    bookings.cancel_session(session.id)
    db.session.commit()
    refused(Cancelled, book, session)


def test_a_foreign_key_failure_is_not_mistaken_for_a_double_booking(make, book):
    session = make.session()
    with pytest.raises(sa.exc.IntegrityError):
        book(session, user_id=424242)
    db.session.rollback()


# -- Cancelling and promotion ------------------------------------------------------------


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


# -- Capacity --------------------------------------------------------------------------------


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


# -- Manual promotion -----------------------------------------------------------------------


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


# -- Rescheduling and cancelling a session --------------------------------------------------


def test_reschedule_raises_sequences_and_tells_everyone_active(make, book):
    session = make.session(capacity=1)
    confirmed, waiting, gone = book(session), book(session), book(session)
    bookings.cancel(gone.id)
    db.session.commit()
    before = {r.id: db.session.get(Registration, r.id).sequence for r in (confirmed, waiting, gone)}
    starts_at = session.starts_at + timedelta(days=1)
    bookings.reschedule(session.id, starts_at, starts_at + timedelta(hours=2))
    db.session.commit()
    after = fresh(session)
    assert after.starts_at == starts_at
    assert after.sequence == 1
    assert {r.id: db.session.get(Registration, r.id).sequence for r in (confirmed, waiting, gone)} == {
        confirmed.id: before[confirmed.id] + 1, waiting.id: before[waiting.id] + 1, gone.id: before[gone.id]}
    messages = outbox("rescheduled")
    assert sorted(m.registration_id for m in messages) == sorted([confirmed.id, waiting.id])
    assert all(m.payload["starts_at"] == starts_at.isoformat() for m in messages)


def test_reschedule_to_the_same_times_changes_nothing_unless_the_place_changed(make, book):
    session = make.session()
    book(session)
    bookings.reschedule(session.id, session.starts_at, session.ends_at)
    db.session.commit()
    assert (fresh(session).sequence, len(outbox("rescheduled"))) == (0, 0)
    bookings.reschedule(session.id, session.starts_at, session.ends_at, place_changed=True)
    db.session.commit()
    assert (fresh(session).sequence, len(outbox("rescheduled"))) == (1, 1)


def test_reschedule_refuses_an_end_before_the_start(make):
    session = make.session()
    refused(ValidationFailed, bookings.reschedule, session.id, session.starts_at, session.starts_at)


def test_reschedule_refuses_times_without_a_time_zone(make):
    session = make.session()
    naive = session.starts_at.replace(tzinfo=None) + timedelta(days=1)
    error = refused(ValidationFailed, bookings.reschedule, session.id, naive, naive + timedelta(hours=2))
    assert "starts_at" in error.fields
    assert fresh(session).sequence == 0


def test_cancelled_session_cannot_be_rescheduled(make):
    session = make.session()
    bookings.cancel_session(session.id)
    db.session.commit()
    refused(Cancelled, bookings.reschedule, session.id, session.starts_at + timedelta(days=1),
            session.ends_at + timedelta(days=1))


def test_cancel_session_cancels_everyone_frees_seats_and_tells_them(make, book):
    session = make.session(capacity=2)
    confirmed, waiting = book(session, seats=2), book(session)
    bookings.cancel_session(session.id)
    db.session.commit()
    after = fresh(session)
    assert (after.status, after.seats_taken, after.sequence) == ("cancelled", 0, 1)
    assert statuses(confirmed, waiting) == [CANCELLED, CANCELLED]
    assert {db.session.get(Registration, r.id).cancelled_by for r in (confirmed, waiting)} == {"session"}
    assert sorted(m.registration_id for m in outbox("session_cancelled")) == [confirmed.id, waiting.id]
    assert outbox("promoted") == []
    refused(Cancelled, bookings.cancel_session, session.id)


# -- At the door -----------------------------------------------------------------------------


def test_check_in_marks_a_confirmed_party_and_can_be_undone(make, book):
    registration = book(make.session())
    assert bookings.check_in(registration.id).checked_in_at is not None
    db.session.commit()
    assert bookings.check_in(registration.id, undo=True).checked_in_at is None


def test_only_confirmed_parties_can_be_checked_in(make, book):
    session = make.session(capacity=1)
    confirmed, waiting = book(session), book(session)
    refused(NotConfirmed, bookings.check_in, waiting.id)
    bookings.cancel(confirmed.id, by=CancelledBy.ORGANISER)
    db.session.commit()
    refused(NotConfirmed, bookings.check_in, confirmed.id)
    refused(NotFound, bookings.check_in, 999_999)


# -- Group bookings --------------------------------------------------------------------------


def test_group_booking_may_exceed_the_per_registration_maximum(make, book):
    session = make.session(capacity=12, max_seats_per_registration=4)
    registration = book(session, seats=8, group=GroupBooking(structure=" Centre social ", phone="0102030405"))
    assert registration.status == CONFIRMED
    assert (registration.partner_structure, registration.phone, registration.is_group_booking) == (
        "Centre social", "0102030405", True)


def test_group_booking_never_exceeds_capacity_and_never_waits(make, book):
    session = make.session(capacity=10, waitlist_enabled=True)
    book(session, seats=4)
    refused(SessionFull, book, session, seats=7, group=GroupBooking(structure="EHPAD"))
    assert bookings.waitlist_counts([session.id]) == {}
    assert book(session, seats=6, group=GroupBooking(structure="EHPAD")).status == CONFIRMED


def test_group_booking_ignores_the_registration_window_but_not_a_cancellation(make, book):
    now = utcnow()
    session = make.session(registration_closes_at=now - timedelta(days=1))
    assert book(session, seats=5, now=now, group=GroupBooking(structure="Lycée")).status == CONFIRMED
    bookings.cancel_session(session.id)
    db.session.commit()
    refused(Cancelled, book, session, group=GroupBooking(structure="Lycée"))


# -- Emails (outbox rows written in the same transaction) ------------------------------------


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
