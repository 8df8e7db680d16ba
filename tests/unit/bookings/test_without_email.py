"""People booked without an email address (a social worker's group, a phone call): booked, never written to."""

from datetime import timedelta

import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import OutboxMessage, Registration, utcnow
from booking.privacy.personal_data import ANONYMOUS_NAME, purge_personal_data
from booking.services import bookings
from booking.services.bookings import BookingRequest, GroupBooking
from booking.services.errors import ValidationFailed
from tests.unit.bookings.helpers import CONFIRMED, fresh, refused

GROUP = GroupBooking(structure="Foyer Les Tilleuls")


def _messages_about(registration):
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.registration_id == registration.id))


def test_a_group_member_without_email_is_booked_and_gets_no_message(make, book):
    session = make.session(capacity=5)
    registration = book(session, seats=2, email="", name="Moussa", phone="06 12 34 56 78", group=GROUP)
    assert registration.status == CONFIRMED
    assert (registration.email, registration.email_key, registration.phone) == (None, None, "06 12 34 56 78")
    assert fresh(session).seats_taken == 2
    assert _messages_about(registration) == 0
    bookings.cancel(registration.id, by=bookings.CancelledBy.ORGANISER)
    db.session.commit()
    assert _messages_about(registration) == 0


def test_several_people_without_email_share_a_session_and_count_as_different_people(make, book):
    session = make.session(capacity=5)
    first = book(session, email="", name="Moussa", group=GROUP)
    second = book(session, email="", name="Fatou", group=GROUP)
    assert first.status == second.status == CONFIRMED
    assert first.person_ref != second.person_ref


def test_the_public_must_give_an_email(make, book):
    session = make.session(capacity=5)
    error = refused(ValidationFailed, book, session, email="")
    assert set(error.fields) == {"email"}


def test_a_phone_number_must_look_like_one(make, book):
    session = make.session(capacity=5)
    error = refused(ValidationFailed, book, session, email="", phone="call me maybe", group=GROUP)
    assert set(error.fields) == {"phone"}
    for phone in ("+33 6 12 34 56 78", "01.23.45.67.89", "(0)1-23-45"):
        request = BookingRequest(name="Awa", email="", phone=phone)
        bookings.book_for_group(session.id, request, GROUP, key=settings.pseudonym_key())
    db.session.rollback()


def test_the_purge_anonymises_people_without_email_once(make, book):
    session = make.session(capacity=5)
    registration = book(session, email="", name="Moussa", phone="06 12 34 56 78", group=GROUP)
    session.starts_at = utcnow() - timedelta(days=40)
    session.ends_at = session.starts_at + timedelta(hours=1)
    db.session.commit()
    assert purge_personal_data(30) == 1
    db.session.commit()
    row = db.session.get(Registration, registration.id)
    assert (row.name, row.phone, row.email) == (ANONYMOUS_NAME, None, None)
    assert purge_personal_data(30) == 0  # done once, not again at every purge
