"""Abuse of the public booking: per-address limits, a honeypot, a daily cap per email; people still book."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import OutboxMessage, Registration, utcnow
from booking.public.routes import BOOKING_RATE_LIMIT
from booking.services import bookings
from booking.services.bookings import DAILY_BOOKINGS_MAX, BookingRequest, GroupBooking
from booking.services.errors import TooManyBookings


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}  # as in production


FORM = {"name": "Camille Martin", "email": "camille@example.org", "seats": "1", "consent": "y"}


def registrations() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


def emails() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def book(session, email="camille@example.org", *, group=None, **fields):
    request = BookingRequest(name="Camille Martin", email=email)
    if group is None:
        registration = bookings.book(session.id, request, **fields, key=settings.pseudonym_key())
    else:
        registration = bookings.book_for_group(session.id, request, group, **fields, key=settings.pseudonym_key())
    db.session.commit()
    return registration


# -- The honeypot ---------------------------------------------------------------------


def test_the_trap_field_is_hidden_from_people_keyboards_and_screen_readers(client, make):
    page = client.get(f"/sessions/{make.session().id}/book").text

    trap = re.search(r'<div class="form-trap" aria-hidden="true">(.*?)</div>', page, re.S)
    assert trap, "the trap field is not in its hidden wrapper"
    field = re.search(r"<input[^>]*>", trap.group(1)).group(0)
    assert 'name="website"' in field and 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert "Leave this field empty" in trap.group(1)


def test_a_filled_in_trap_books_nothing_and_sends_nothing(client, make):
    session = make.session()

    response = client.post(f"/sessions/{session.id}/book", data=FORM | {"website": "http://spam.example"})

    assert response.status_code == 422
    assert "Your booking could not be completed. Please reload the page and try again." in response.text
    assert registrations() == 0 and emails() == 0
    assert db.session.get(type(session), session.id).seats_taken == 0


def test_an_empty_trap_lets_the_booking_through(client, make):
    session = make.session()

    response = client.post(f"/sessions/{session.id}/book", data=FORM | {"website": ""})

    assert response.status_code == 303
    assert registrations() == 1


# -- The daily cap per email -------------------------------------------------------------


def test_a_family_booking_three_sessions_passes(make):
    for session in (make.session(), make.session(), make.session()):
        assert book(session).is_confirmed


def test_one_email_cannot_book_more_than_the_daily_maximum(make):
    for _ in range(DAILY_BOOKINGS_MAX):
        book(make.session())

    with pytest.raises(TooManyBookings):
        book(make.session())
    db.session.rollback()
    assert registrations() == DAILY_BOOKINGS_MAX


def test_the_cap_counts_an_address_typed_in_capitals_as_its_lower_case_self(make):
    for _ in range(DAILY_BOOKINGS_MAX):
        book(make.session(), email="camille@example.org")

    with pytest.raises(TooManyBookings):
        book(make.session(), email="  Camille@Example.ORG ")


def test_the_cap_counts_an_address_however_its_capitals_are_mixed(make):
    for n in range(DAILY_BOOKINGS_MAX):
        book(make.session(), email="Zoé@Example.org" if n % 2 else "ZOÉ@EXAMPLE.ORG")

    with pytest.raises(TooManyBookings):
        book(make.session(), email="zoé@example.org")


def test_the_cap_counts_an_address_typed_the_same_way_again(make):
    for _ in range(DAILY_BOOKINGS_MAX):
        book(make.session(), email="Camille@Example.org")

    with pytest.raises(TooManyBookings):
        book(make.session(), email="Camille@Example.org")


def test_bookings_older_than_a_day_do_not_count(make):
    yesterday = utcnow() - timedelta(hours=25)
    for _ in range(DAILY_BOOKINGS_MAX):
        bookings.book(make.session().id, BookingRequest(name="Camille", email="camille@example.org"), now=yesterday,
                      key=settings.pseudonym_key())
    db.session.commit()

    assert book(make.session()).is_confirmed


def test_cancelled_bookings_do_not_count(make):
    made = [book(make.session()) for _ in range(DAILY_BOOKINGS_MAX)]
    bookings.cancel(made[0].id)
    db.session.commit()

    assert book(make.session()).is_confirmed


def test_another_email_is_not_affected(make):
    for _ in range(DAILY_BOOKINGS_MAX):
        book(make.session())

    assert book(make.session(), email="zoe@example.org").is_confirmed


def test_group_bookings_by_organisers_are_exempt_and_do_not_count(make):
    for _ in range(DAILY_BOOKINGS_MAX):
        book(make.session(), group=GroupBooking(structure="Centre social"))

    assert book(make.session()).is_confirmed  # the group bookings did not use up the person's own
    for _ in range(DAILY_BOOKINGS_MAX - 1):
        book(make.session())
    assert book(make.session(), group=GroupBooking(structure="Centre social")).is_confirmed


def test_the_booking_form_says_why_with_a_409(client, make):
    for _ in range(DAILY_BOOKINGS_MAX):
        book(make.session())
    session = make.session()

    response = client.post(f"/sessions/{session.id}/book", data=FORM)

    assert response.status_code == 409
    assert "already made many bookings today" in response.text
    assert registrations() == DAILY_BOOKINGS_MAX


def test_the_api_answers_409_too_many_bookings(client, make):
    for _ in range(DAILY_BOOKINGS_MAX):
        book(make.session())
    session = make.session()

    response = client.post(f"/api/v1/sessions/{session.id}/registrations",
                           json={"name": "Camille Martin", "email": "camille@example.org"})

    assert response.status_code == 409
    assert response.json["error"]["code"] == "too_many_bookings"
    assert "many bookings today" in response.json["error"]["message"]


# -- Per-address rate limits -------------------------------------------------------------


PER_MINUTE = int(BOOKING_RATE_LIMIT.split(" per minute")[0])


def test_a_class_booking_together_from_a_library_s_one_address_all_get_in(client, make):
    session = make.session(capacity=100)

    for n in range(PER_MINUTE):
        response = client.post(f"/sessions/{session.id}/book", data=FORM | {"email": f"pupil{n}@example.org"})
        assert response.status_code == 303, n

    assert registrations() == PER_MINUTE


def test_a_flood_from_one_address_is_stopped_with_a_429(client, make):
    session = make.session(capacity=100)
    for n in range(PER_MINUTE):
        client.post(f"/sessions/{session.id}/book", data=FORM | {"email": f"bot{n}@example.org"})

    response = client.post(f"/sessions/{session.id}/book", data=FORM | {"email": "one-more@example.org"})

    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert registrations() == PER_MINUTE


def test_another_address_can_still_book_during_a_flood(client, make):
    session = make.session(capacity=100)
    for n in range(PER_MINUTE + 1):
        client.post(f"/sessions/{session.id}/book", data=FORM | {"email": f"bot{n}@example.org"})

    client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    response = client.post(f"/sessions/{session.id}/book", data=FORM)

    assert response.status_code == 303


def test_reading_the_booking_page_is_not_limited(client, make):
    session = make.session()

    for _ in range(PER_MINUTE + 5):
        assert client.get(f"/sessions/{session.id}/book").status_code == 200
