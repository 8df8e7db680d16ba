"""The buttons on /r/{token}: "I'm coming", "I can't come any more", accept or decline an offer.

Every page an email links to only asks on GET (a link scanner opening it changes nothing); the button POSTs.
"""

from datetime import timedelta

import pytest

from booking.extensions import db
from booking.models import Registration, Session, utcnow
from booking.services import bookings
from booking.services.bookings import reconfirmation


def fresh(registration: Registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


@pytest.fixture
def asked(make):
    session = make.session(capacity=2, starts_in=timedelta(days=2), reconfirm_days_before=3)
    registration = make.registration(session, now=utcnow() - timedelta(days=7))
    waiting = make.registration(session, seats=2)
    reconfirmation.ask_due(utcnow())
    db.session.commit()
    return registration, waiting


@pytest.fixture
def offered(make):
    session = make.session(capacity=1, starts_in=timedelta(days=3), offer_hours=6)
    booked = make.registration(session)
    first, second = make.registration(session), make.registration(session)
    bookings.cancel(booked.id)
    db.session.commit()
    return first, second


def test_the_booking_page_asks_are_you_still_coming_with_both_buttons(client, asked):
    registration, _waiting = asked
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    assert "Are you still coming?" in page and "Please tell us before" in page
    assert f'action="/r/{registration.manage_token}/reconfirm"' in page
    assert "I&#39;m coming" in page or "I'm coming" in page
    assert f'href="/r/{registration.manage_token}/cancel"' in page


@pytest.mark.parametrize("action", ["reconfirm", "accept", "decline", "cancel"])
def test_the_pages_emails_link_to_change_nothing_on_get(client, asked, offered, action):
    registration = asked[0] if action in ("reconfirm", "cancel") else offered[0]
    before = (fresh(registration).status, fresh(registration).reconfirm_status)
    for _ in range(3):  # a link scanner, a preview, the person
        response = client.get(f"/r/{registration.manage_token}/{action}")
        assert response.status_code == 200
        assert '<form method="post"' in response.get_data(as_text=True)
    assert (fresh(registration).status, fresh(registration).reconfirm_status) == before


def test_im_coming_keeps_the_booking(client, asked):
    registration, _waiting = asked
    response = client.post(f"/r/{registration.manage_token}/reconfirm")
    assert response.status_code == 303 and response.location.endswith(f"/r/{registration.manage_token}")
    assert fresh(registration).reconfirm_status == "reconfirmed"
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    assert "Thank you: your seats are kept." in page and "You told us you are coming." in page


def test_i_cant_come_any_more_cancels_and_gives_the_seats_to_the_waiting_list_at_once(client, asked):
    registration, waiting = asked
    response = client.post(f"/r/{registration.manage_token}/cancel")
    assert response.status_code == 303
    assert fresh(registration).status == "cancelled"
    assert fresh(waiting).status == "confirmed"


def test_accepting_an_offer_from_its_page_confirms_the_seats(client, offered):
    first, _second = offered
    page = client.get(f"/r/{first.manage_token}").get_data(as_text=True)
    assert "Seats held for you" in page and f'action="/r/{first.manage_token}/accept"' in page
    response = client.post(f"/r/{first.manage_token}/accept")
    assert response.status_code == 303
    assert fresh(first).status == "confirmed"
    assert "The seats are yours" in client.get(response.location).get_data(as_text=True)


def test_declining_an_offer_passes_it_on(client, offered):
    first, second = offered
    assert client.post(f"/r/{first.manage_token}/decline").status_code == 303
    assert fresh(first).status == "cancelled" and fresh(second).status == "offered"


def test_a_late_accept_says_the_offer_went_to_the_next_person(client, offered):
    first, _second = offered
    fresh(first).offer_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.post(f"/r/{first.manage_token}/accept")
    assert response.status_code == 409
    assert "this offer has expired" in response.get_data(as_text=True)
    assert fresh(first).status == "offered"  # the job passes it on; the page changed nothing


def test_a_released_booking_says_so_kindly_and_offers_to_book_again(client, make):
    session = make.session(capacity=3, starts_in=timedelta(hours=20), reconfirm_days_before=3)
    registration = make.registration(session, now=utcnow() - timedelta(days=7))
    reconfirmation.ask_due(utcnow() - timedelta(days=2))
    reconfirmation.release_due(utcnow())
    db.session.commit()
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    assert "your seats were given to people who were waiting" in page
    assert f'href="/sessions/{session.id}/book"' in page
    assert db.session.get(Session, session.id).seats_taken == 0
