"""Bad input on the public pages: a clear message or a 400/404 page, never a 500, never a write."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, Registration, Session, utcnow

GOOD = {"name": "Camille Martin", "email": "camille@example.org", "seats": "1", "consent": "y"}


def written() -> tuple[int, int, int]:
    """Registrations, queued emails and seats taken: all must stay as they were."""
    db.session.rollback()
    count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
    return count(Registration), count(OutboxMessage), db.session.scalar(sa.select(sa.func.sum(Session.seats_taken))) or 0


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"email": "camille"}, "Please give a valid email address"),
        ({"email": "camille@"}, "Please give a valid email address"),
        ({"email": "a b@example.org"}, "Please give a valid email address"),
        ({"email": "x" * 300 + "@example.org"}, "Please give a valid email address"),
        ({"email": ""}, "Please give your email address."),
        ({"seats": "0"}, "Please book at least one seat."),
        ({"seats": "-1"}, "Please book at least one seat."),
        ({"seats": "abc"}, "Please give the number of seats as a whole number"),
        ({"seats": "1.5"}, "Please give the number of seats as a whole number"),
        ({"seats": ""}, "Please give"),
        ({"seats": "99999999999999999999999999"}, "Please book fewer seats."),
        ({"seats": "5"}, "You can book at most 4 seats at a time."),
        ({"name": "x" * 10_000}, "Please keep your name under 120 characters."),
        ({"name": "   "}, "Please give your name."),
        ({"name": "Camille\x00Martin"}, "Please remove the special characters from this field."),
        ({"accessibility_details": "x" * 10_000}, "Please keep this under"),
        ({"access_needs": "teleportation"}, 'aria-describedby="access_needs-error"'),
        ({"wheelchair_spaces": "abc"}, "Please give the number of people in a wheelchair as a whole number"),
        ({"wheelchair_spaces": "-1"}, "Please give 0 or more."),
        ({"wheelchair_spaces": "3", "seats": "2"}, "Please give a number of wheelchair users from 0 to 2"),
        ({"consent": None}, "Tick the box to continue."),
        ({"consent": None, "name": None, "email": None, "seats": None}, "Please give your name."),
    ],
)
def test_bad_booking_fields_get_a_message_on_the_form_and_write_nothing(client, make, fields, message):
    session = make.session(max_seats_per_registration=4)
    before = written()
    data = {k: v for k, v in (GOOD | fields).items() if v is not None}

    response = client.post(f"/sessions/{session.id}/book", data=data)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert 'id="error-summary"' in page
    assert written() == before


def test_seats_that_are_not_a_number_get_one_message_not_three(client, make):
    session = make.session()

    page = client.post(f"/sessions/{session.id}/book", data=GOOD | {"seats": "abc"}).get_data(as_text=True)

    error = page[page.index('id="seats-error"'):]
    error = error[:error.index("</div>")]
    assert "whole number" in error
    assert "at least one seat" not in error and "fewer seats" not in error


@pytest.mark.parametrize(
    "setup, status, message",
    [
        (lambda make: make.session(registration_opens_at=utcnow() + timedelta(days=1)), 409,
         "Registration for this session has not opened yet."),
        (lambda make: make.session(registration_closes_at=utcnow() - timedelta(hours=1)), 409,
         "Registration is closed for this session."),
        (lambda make: make.session(starts_in=timedelta(hours=-1)), 409, "Registration is closed for this session."),
        (lambda make: make.session(status="cancelled"), 409, "This session has been cancelled."),
        (lambda make: make.session(event=make.event(status="draft")), 404, "We could not find this page"),
        (lambda make: make.session(event=make.event(status="cancelled")), 404, "We could not find this page"),
    ],
    ids=["not-open-yet", "closed", "started", "cancelled-session", "draft-event", "cancelled-event"],
)
def test_booking_a_session_that_cannot_be_booked_is_refused_plainly(client, make, setup, status, message):
    session = setup(make)
    before = written()

    response = client.post(f"/sessions/{session.id}/book", data=GOOD)

    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert written() == before


@pytest.mark.parametrize("path", ["/sessions/999999/book", "/sessions/0/book", "/sessions/99999999999999999999/book",
                                  "/sessions/-1/book", "/sessions/abc/book"])
def test_booking_an_unknown_session_is_not_found(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path, data=GOOD).status_code == 404
    assert written() == (0, 0, 0)


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("page=-1", 400, "Something in your request was not right"),
        ("page=0", 400, "Something in your request was not right"),
        ("page=abc", 400, "Something in your request was not right"),
        ("page=%C2%B2", 400, "Something in your request was not right"),
        ("page=99999999999999999999", 400, "Something in your request was not right"),
        ("page=50", 404, "We could not find this page"),
        ("kind=bogus", 200, 'aria-describedby="kind-error"'),
        ("venue=abc", 200, 'aria-describedby="venue-error"'),
        ("venue=99999999999999999999", 200, 'aria-describedby="venue-error"'),
        ("city=Atlantis", 200, 'aria-describedby="city-error"'),
        ("date_from=notadate", 200, 'aria-describedby="date_from-error"'),
        ("date_from=2026-02-30", 200, 'aria-describedby="date_from-error"'),
        ("date_from=2026-03-10&date_to=2026-03-01", 200, "The end date must come after the start date."),
        ("date_to=9999-12-31", 200, "Please give a date between the years 2000 and 2100."),
        ("date_from=0001-01-01", 200, "Please give a date between the years 2000 and 2100."),
        ("q=" + "x" * 10_000, 200, "Please search with at most 100 characters."),
        ("q=%00", 200, "Please remove the special characters from this field."),
        ("q=%25_%5C", 200, "0 events"),
        ("available=maybe&kind=talk&kind=show", 200, "events"),
    ],
)
def test_weird_programme_queries_get_a_message_or_a_400_404_page(client, make, query, status, message):
    make.session()

    response = client.get(f"/?{query}")

    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_a_bad_filter_is_left_out_while_the_good_ones_still_apply(client, make):
    make.session(event=make.event(title="Un atelier", kind="workshop"))
    make.session(event=make.event(title="Une visite", kind="guided_tour"))

    page = client.get("/?kind=workshop&date_from=notadate").get_data(as_text=True)

    assert "Un atelier" in page and "Une visite" not in page
    assert "Some filters were not understood and are left out" in page


def test_unknown_manage_tokens_are_not_found(client):
    assert client.get("/r/" + "A" * 43).status_code == 404
    assert client.post("/r/" + "A" * 43 + "/cancel").status_code == 404


def test_a_huge_form_body_is_refused_without_a_crash(client, make):
    session = make.session()

    response = client.post(f"/sessions/{session.id}/book", data=GOOD | {"name": "x" * 2_000_000})

    assert response.status_code == 413
    assert written() == (0, 0, 0)


@pytest.mark.postgres
def test_nul_characters_never_reach_postgresql(pg_app, pg_make):
    client = pg_app.test_client()
    session = pg_make.session()

    assert client.get("/?q=%00abc").status_code == 200
    response = client.post(f"/sessions/{session.id}/book", data=GOOD | {"name": "Ca\x00mille"})
    assert response.status_code == 422
    assert client.get("/r/%00" + "A" * 42).status_code == 404
    assert client.get("/events/99999999999").status_code == 404
    assert written() == (0, 0, 0)
