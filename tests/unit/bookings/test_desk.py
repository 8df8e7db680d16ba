"""At the desk and at the door: bookings for someone, walk-ins, closing by hand, corrections, booking codes."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import AuditEntry, Channel, utcnow
from booking.services import bookings
from booking.services.bookings import AttendeeCorrection, BookingRequest, DeskBooking
from booking.services.errors import AlreadyRegistered, Cancelled, RegistrationClosed, SessionFull, ValidationFailed
from tests.unit.bookings.helpers import CONFIRMED, WAITLISTED, fresh, outbox, refused


def desk(session, name="Jeanne Petit", email="", phone="06 12 34 56 78", seats=1, **fields):
    registration = bookings.book_at_desk(session.id, BookingRequest(name=name, email=email, phone=phone, seats=seats,
                                                                    consent=False, **fields),
                                         DeskBooking(), key=settings.pseudonym_key())
    db.session.commit()
    return registration


def walk_in(session, seats, name=""):
    registration = bookings.walk_in(session.id, seats, name=name, key=settings.pseudonym_key())
    db.session.commit()
    return registration


# -- Desk bookings ---------------------------------------------------------------------


def test_desk_booking_without_email_is_confirmed_sends_nothing_and_keeps_the_phone(make):
    session = make.session(capacity=3)
    registration = desk(session, seats=2)
    assert (registration.status, registration.channel, registration.email) == (CONFIRMED, Channel.DESK, None)
    assert registration.phone == "06 12 34 56 78"
    assert fresh(session).seats_taken == 2
    assert outbox("booking_confirmed") == []


def test_desk_booking_with_email_sends_the_confirmation(make):
    registration = desk(make.session(), email="jeanne@example.org")
    assert [m.recipient for m in outbox("booking_confirmed")] == ["jeanne@example.org"]
    assert registration.has_email


def test_desk_booking_waits_when_full_and_the_session_has_a_waiting_list(make):
    session = make.session(capacity=1)
    desk(session)
    assert desk(session, name="Second").status == WAITLISTED
    assert fresh(session).seats_taken == 1


def test_desk_booking_never_overbooks_without_a_waiting_list(make):
    session = make.session(capacity=1, waitlist_enabled=False)
    desk(session)
    refused(SessionFull, desk, session, name="Second")
    assert fresh(session).seats_taken == 1


def test_desk_booking_keeps_one_active_booking_per_email(make):
    session = make.session()
    desk(session, email="jeanne@example.org")
    refused(AlreadyRegistered, desk, session, email="JEANNE@example.org")


def test_desk_books_after_registrations_were_closed_by_hand_but_the_public_cannot(make):
    session = make.session()
    bookings.close_registrations(session.id)
    db.session.commit()
    refused(RegistrationClosed, make.registration, session)
    assert desk(session).status == CONFIRMED


def test_desk_refuses_a_cancelled_session(make):
    session = make.session(status="cancelled")
    refused(Cancelled, desk, session)


def test_desk_booking_checks_the_phone_shape(make):
    error = refused(ValidationFailed, desk, make.session(), phone="call me")
    assert "phone" in error.fields


# -- Walk-ins ----------------------------------------------------------------------------


def test_walk_in_is_confirmed_and_checked_in_at_once_within_the_free_seats(make):
    session = make.session(capacity=5)
    make.registration(session, seats=2)
    registration = walk_in(session, 3)
    assert (registration.status, registration.channel) == (CONFIRMED, Channel.WALK_IN)
    assert registration.checked_in_at is not None and registration.seats_checked_in == 3
    assert registration.name == "Sans réservation"  # named in the language of the page (French by default)
    assert fresh(session).seats_taken == 5


def test_walk_in_beyond_the_free_seats_is_refused_and_never_waits(make):
    session = make.session(capacity=2, waitlist_enabled=True)
    make.registration(session, seats=1)
    refused(SessionFull, walk_in, session, 2)
    assert fresh(session).seats_taken == 1


@pytest.mark.parametrize("seats", [0, -1, True, "2"])
def test_walk_in_needs_a_positive_number_of_people(make, seats):
    refused(ValidationFailed, walk_in, make.session(), seats)


def test_walk_in_keeps_a_given_name(make):
    assert walk_in(make.session(), 1, name="  Famille Diallo ").name == "Famille Diallo"


# -- Closing by hand ----------------------------------------------------------------------


def test_closing_by_hand_closes_even_before_the_window_opens_and_reopening_restores_the_window(make):
    session = make.session(registration_opens_at=utcnow() + timedelta(days=1))
    bookings.close_registrations(session.id)
    db.session.commit()
    assert bookings.session_availability(fresh(session)).value == "closed"
    bookings.reopen_registrations(session.id)
    db.session.commit()
    assert bookings.session_availability(fresh(session)).value == "not_yet_open"


def test_reopening_lets_the_public_book_again(make):
    session = make.session()
    bookings.close_registrations(session.id)
    db.session.commit()
    bookings.reopen_registrations(session.id)
    db.session.commit()
    assert make.registration(session).status == CONFIRMED


# -- Corrections --------------------------------------------------------------------------


def correct(registration, by_id=None, **changes):
    changed = bookings.correct_attendee(registration.id, AttendeeCorrection(**changes), key=settings.pseudonym_key(),
                                        by_id=by_id)
    db.session.commit()
    return changed


def test_a_new_email_gets_the_confirmation_and_the_change_is_logged_without_values(make):
    organiser = make.user("orga@example.org", role="organiser")
    registration = desk(make.session())
    assert correct(registration, by_id=organiser.id, email="jeanne@example.org", name="Jeanne Petit-Roux") == [
        "name", "email"]
    assert [m.recipient for m in outbox("booking_confirmed")] == ["jeanne@example.org"]
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.user_id, entry.target, entry.fields) == (organiser.id, f"registration:{registration.id}",
                                                             "name, email")
    assert "jeanne" not in entry.fields


def test_a_new_email_counts_the_person_under_that_address(make):
    session = make.session()
    registration = desk(session)
    correct(registration, email="awa@example.org")
    later = make.registration(make.session(event=session.event), email="awa@example.org")
    assert fresh_registration(registration).person_ref == later.person_ref


def fresh_registration(registration):
    db.session.expire_all()
    return db.session.get(type(registration), registration.id)


def test_an_email_already_booked_on_the_session_is_refused(make):
    session = make.session()
    make.registration(session, email="awa@example.org")
    registration = desk(session)
    refused(AlreadyRegistered, correct, registration, email="Awa@example.org")


def test_nothing_changed_logs_nothing_and_sends_nothing(make):
    registration = desk(make.session(), email="jeanne@example.org")
    before = len(outbox("booking_confirmed"))
    assert correct(registration, name="Jeanne Petit", email="jeanne@example.org") == []
    assert len(outbox("booking_confirmed")) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_answers_are_checked_against_the_questions(make):
    from booking.services import questions

    session = make.session()
    question = questions.add_question(session.event, questions.QuestionFields(label="Repas", kind="choice",
                                                                              choices=["Oui", "Non"]))
    db.session.commit()
    registration = desk(session)
    error = refused(ValidationFailed, correct, registration, answers={str(question.id): "Peut-être"})
    assert f"answers.{question.id}" in error.fields
    assert correct(registration, answers={str(question.id): "Oui"}) == ["answers"]


# -- Codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("registration_id", [1, 31, 32, 1024, 99_999, 2_147_483_647])
def test_a_booking_code_reads_back_as_its_registration_forgiving_case_dashes_and_look_alikes(registration_id):
    code = bookings.booking_code(registration_id)
    assert bookings.registration_id_of_code(code) == registration_id
    assert bookings.registration_id_of_code(code.lower().replace("-", " ").replace("0", "o")) == registration_id


def test_a_mistyped_code_names_no_booking():
    code = bookings.booking_code(1234)
    swapped = code[1] + code[0] + code[2:]
    assert bookings.registration_id_of_code(code[:-1] + ("0" if code[-1] != "0" else "1")) is None
    assert swapped == code or bookings.registration_id_of_code(swapped) is None
    assert bookings.registration_id_of_code("Camille") is None


def test_desk_booking_for_a_wheelchair_user_and_her_companion_takes_a_space_and_a_seat(make):
    session = make.session(capacity=1, wheelchair_spaces=1)
    party = desk(session, name="Inès Fabre", seats=2, wheelchair_spaces=1)
    assert party.status == CONFIRMED
    after = fresh(session)
    assert (after.seats_taken, after.wheelchair_spaces_taken) == (1, 1)
    # The space is gone: the next wheelchair user waits, as online.
    assert desk(session, name="Paul", seats=1, wheelchair_spaces=1).status == WAITLISTED
