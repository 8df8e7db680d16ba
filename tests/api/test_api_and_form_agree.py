"""The API and the HTML booking form share one booking service: same capacity, same duplicate rule."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, Session


def book_by_api(client, session_id, email, seats=1):
    return client.post(f"/api/v1/sessions/{session_id}/registrations",
                       json={"name": "Par l'API", "email": email, "seats": seats})


def book_by_form(client, session_id, email, seats=1):
    return client.post(f"/sessions/{session_id}/book",
                       data={"name": "Par le formulaire", "email": email, "seats": seats, "consent": "y"})


def confirmed_seats(session_id) -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Registration.seats), 0)).where(
        Registration.session_id == session_id, Registration.status == "confirmed"))


def test_api_and_form_fill_the_same_seats_and_neither_overbooks(client, make):
    session = make.session(capacity=3, waitlist_enabled=False)

    assert book_by_api(client, session.id, "a@example.org", seats=2).status_code == 201
    too_many = book_by_form(client, session.id, "b@example.org", seats=2)
    assert too_many.status_code == 409
    assert "not enough seats" in too_many.get_data(as_text=True)
    assert book_by_form(client, session.id, "b@example.org", seats=1).status_code == 303
    refused = book_by_api(client, session.id, "c@example.org")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "full"

    assert confirmed_seats(session.id) == 3
    assert db.session.get(Session, session.id, populate_existing=True).seats_taken == 3


def test_api_and_form_refuse_the_same_email_twice_whichever_came_first(client, make):
    session = make.session(capacity=10)
    assert book_by_api(client, session.id, "camille@example.org").status_code == 201
    assert book_by_form(client, session.id, "dominique@example.org").status_code == 303

    by_form = book_by_form(client, session.id, "CAMILLE@example.org")
    by_api = book_by_api(client, session.id, "Dominique@Example.org")

    assert by_form.status_code == 409
    assert "already has a booking" in by_form.get_data(as_text=True)
    assert by_api.status_code == 409 and by_api.get_json()["error"]["code"] == "already_registered"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 2


def test_a_full_session_waitlists_by_api_and_by_form_in_arrival_order(client, make):
    session = make.session(capacity=1, waitlist_enabled=True)
    make.registration(session)

    by_form = book_by_form(client, session.id, "first@example.org")
    by_api = book_by_api(client, session.id, "second@example.org")

    assert by_form.status_code == 303
    assert by_api.get_json()["status"] == "waitlisted" and by_api.get_json()["waitlist_position"] == 2
