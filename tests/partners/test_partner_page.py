"""The partner's page /p/<token>: no account; books named people within the allocation, with or without email."""

import re
from datetime import timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Allocation, OutboxMessage, Registration, Session, utcnow
from booking.services import bookings


def _allocate(session, seats=4, partner="Foyer Les Tilleuls", contact="nadia@foyer.example"):
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(
        partner=partner, contact_email=contact, seats=seats, release_at=session.starts_at - timedelta(days=1)))
    db.session.commit()
    return allocation


def _book(client, allocation, **fields):
    return client.post(f"/p/{allocation.invite_token}", data={"name": "Moussa Diallo", "seats": "2", **fields})


def test_the_page_says_what_is_held_and_left_in_plain_words(client, make):
    session = make.session(capacity=10)
    allocation = _allocate(session)
    page = client.get(f"/p/{allocation.invite_token}").get_data(as_text=True)
    assert "Foyer Les Tilleuls" in page
    assert "4 seats held for you" in page
    assert "No seat booked yet." in page and "4 seats left to book." in page


def test_a_partner_books_someone_without_email_and_nobody_is_written_to(client, make):
    session = make.session(capacity=10)
    allocation = _allocate(session)
    response = _book(client, allocation)
    assert response.status_code == 303
    registration = db.session.scalar(sa.select(Registration))
    assert (registration.name, registration.seats, registration.email, registration.allocation_id) == (
        "Moussa Diallo", 2, None, allocation.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.kind == "booking_confirmed")) == 0
    page = client.get(response.location).get_data(as_text=True)
    assert "Moussa Diallo" in page and "2 seats left to book" in page


def test_a_partner_books_someone_with_an_email_or_a_phone(client, make):
    session = make.session(capacity=10)
    allocation = _allocate(session)
    assert _book(client, allocation, name="Léon", email="leon@example.org", seats="1").status_code == 303
    assert _book(client, allocation, name="Fatou", phone="06 12 34 56 78", seats="1").status_code == 303
    [message] = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "booking_confirmed")).all()
    assert message.recipient == "leon@example.org"
    page = client.get(f"/p/{allocation.invite_token}").get_data(as_text=True)
    assert "06 12 34 56 78" in page and "leon@example.org" in page


def test_beyond_the_allocation_the_form_says_how_many_are_left(client, make):
    session = make.session(capacity=10)
    allocation = _allocate(session, seats=3)
    _book(client, allocation)
    response = _book(client, allocation, name="Fatou")
    assert response.status_code == 409
    assert "Your allocation has 1 seat left." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


def test_a_bad_email_or_no_name_is_shown_on_the_form(client, make):
    allocation = _allocate(make.session(capacity=10))
    response = _book(client, allocation, name="", email="pas une adresse")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page and 'id="email-error"' in page


def test_a_partner_changes_a_name_and_party_size_then_cancels(client, make):
    session = make.session(capacity=10)
    allocation = _allocate(session)
    _book(client, allocation)
    registration = db.session.scalar(sa.select(Registration))
    url = f"/p/{allocation.invite_token}/bookings/{registration.id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"name": "Moussa D.", "seats": "4"}).status_code == 303
    db.session.expire_all()
    assert (db.session.get(Registration, registration.id).name, db.session.get(Registration, registration.id).seats) \
        == ("Moussa D.", 4)
    assert client.post(url, data={"name": "Moussa D.", "seats": "5"}).status_code == 409
    assert client.post(f"{url}/cancel").status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "cancelled"
    assert db.session.get(Allocation, allocation.id).seats_unused == 4


def test_an_invite_never_reaches_another_partners_booking(client, make):
    session = make.session(capacity=10)
    mine, theirs = _allocate(session), _allocate(session, partner="École Jaurès", contact="ecole@example.org")
    _book(client, theirs)
    registration = db.session.scalar(sa.select(Registration))
    url = f"/p/{mine.invite_token}/bookings/{registration.id}"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/cancel").status_code == 404
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).is_active


def test_the_page_lists_the_partners_other_sessions_with_the_same_contact(client, make):
    event = make.event(title="Atelier céramique")
    first, second = make.session(event=event, capacity=10), make.session(event=event, capacity=10,
                                                                          starts_in=timedelta(days=14))
    allocation = _allocate(first)
    other = _allocate(second)
    _allocate(make.session(event=event, capacity=10), contact="someone.else@example.org")
    page = client.get(f"/p/{allocation.invite_token}").get_data(as_text=True)
    assert f"/p/{other.invite_token}" in page
    # Itself (its forms post to it) and the other one; not another contact's.
    assert set(re.findall(r"/p/([\w-]+)", page)) == {allocation.invite_token, other.invite_token}


def test_after_release_the_page_books_no_more_and_keeps_the_list(client, make):
    session = make.session(capacity=10)
    allocation = _allocate(session)
    _book(client, allocation)
    bookings.release_allocation(allocation.id, now=utcnow())
    db.session.commit()
    page = client.get(f"/p/{allocation.invite_token}").get_data(as_text=True)
    assert "Moussa Diallo" in page and 'name="name"' not in page
    assert _book(client, allocation, name="Fatou", seats="1").status_code == 409


def test_an_unknown_token_is_not_found(client, make):
    make.session(capacity=10)
    assert client.get("/p/nope").status_code == 404
    assert client.post("/p/nope", data={"name": "X", "seats": "1"}).status_code == 404


def test_the_page_asks_for_wheelchair_users_only_when_the_date_has_spaces_and_books_them(client, make):
    without = _allocate(make.session(capacity=10))
    assert 'name="wheelchair_spaces"' not in client.get(f"/p/{without.invite_token}").get_data(as_text=True)

    session = make.session(capacity=10, wheelchair_spaces=1)
    allocation = _allocate(session)
    page = client.get(f"/p/{allocation.invite_token}").get_data(as_text=True)
    assert 'name="wheelchair_spaces"' in page and "wheelchair" in page
    assert _book(client, allocation, name="Inès Fabre", seats="2", wheelchair_spaces="1").status_code == 303
    db.session.expire_all()
    assert db.session.get(Session, session.id).wheelchair_spaces_taken == 1
    refused = _book(client, allocation, name="Paul", seats="1", wheelchair_spaces="1")
    assert refused.status_code == 409 and "No wheelchair space is left" in refused.get_data(as_text=True)
