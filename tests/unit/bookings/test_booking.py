"""Booking: seats, the waiting list, the window, who may book twice; group bookings."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import Question, utcnow
from booking.services import bookings
from booking.services.bookings import BookingRequest, GroupBooking
from booking.services.errors import (
    AlreadyRegistered,
    Cancelled,
    NotFound,
    RegistrationClosed,
    RegistrationNotOpenYet,
    SessionFull,
    ValidationFailed,
)
from tests.unit.bookings.helpers import CONFIRMED, WAITLISTED, count_registrations, fresh, refused, statuses


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


def test_accented_capitals_are_the_same_email_too(make, book):
    """SQLite's lower() knows A to Z only: the comparison must not rely on it."""
    session = make.session(capacity=5)
    book(session, email="ZOÉ@ÉCOLE.example")
    refused(AlreadyRegistered, book, session, email="zoé@école.example")
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
    refused(NotFound, bookings.book, 999_999, BookingRequest(name="Ana", email="ana@example.org"),
            key=settings.pseudonym_key())


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


# -- Answers to the event's questions (the service checks them, whoever calls it) -------------


@pytest.fixture
def asked(make):
    """A session whose event asks a required choice and an optional yes/no question."""
    session = make.session(capacity=10)
    when = Question(event=session.event, label="Quand ?", kind="choice", choices=["Matin", "Soir"], required=True,
                    position=1)
    lunch = Question(event=session.event, label="Déjeuner ?", kind="yes_no", position=2)
    db.session.add_all([when, lunch])
    db.session.commit()
    return session, str(when.id), str(lunch.id)


def test_answers_are_stored_cleaned_and_unknown_ones_dropped(asked, book):
    session, when, lunch = asked
    registration = book(session, answers={int(when): " Soir ", lunch: True, "99999": "not asked"})
    assert registration.answers == {when: "Soir", lunch: "yes"}


@pytest.mark.parametrize("answers, wrong", [
    ({}, "when"),  # required, missing
    ({"when": "Nuit"}, "when"),  # not one of the choices
    ({"when": "Matin", "lunch": "peut-être"}, "lunch"),
    ({"when": ["Matin"]}, "when"),
])
def test_a_bad_answer_is_refused_by_the_service_and_nothing_is_booked(asked, book, answers, wrong):
    session, when, lunch = asked
    keys = {"when": when, "lunch": lunch}
    error = refused(ValidationFailed, book, session, answers={keys[name]: value for name, value in answers.items()})
    assert set(error.fields) == {f"answers.{keys[wrong]}"}
    assert count_registrations() == 0 and fresh(session).seats_taken == 0


def test_a_group_booking_may_leave_required_questions_unanswered_but_not_answer_them_wrongly(asked, book):
    session, when, _lunch = asked
    group = GroupBooking(structure="Centre social")
    assert book(session, seats=4, group=group).answers == {}
    error = refused(ValidationFailed, book, session, seats=2, group=group, answers={when: "Nuit"})
    assert set(error.fields) == {f"answers.{when}"}
