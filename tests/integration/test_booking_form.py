"""Booking a seat through the public form, and the page that says how it went."""

import re
from datetime import timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, Registration, utcnow


def book(client, session, **fields):
    data = {"name": "Camille Martin", "email": "camille@example.org", "seats": "1", "consent": "y"} | fields
    return client.post(f"/sessions/{session.id}/book", data={k: v for k, v in data.items() if v is not None})


def registrations() -> list[Registration]:
    return db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()


def follow(client, response) -> str:
    assert response.status_code == 303
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_booking_form_ties_every_label_and_hint_to_its_field(client, make):
    session = make.session(max_seats_per_registration=3)

    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)

    for name in ("name", "email", "seats", "access_needs-0", "access_needs-5", "accessibility_details", "consent"):
        assert re.search(rf'<label class="form-(check-)?label" for="{name}">', page), name
        assert f'id="{name}"' in page
    assert 'aria-describedby="email-help"' in page and 'id="email-help"' in page
    assert 'aria-describedby="seats-help"' in page and "At most 3 seats per booking." in page
    assert 'max="3"' in page
    assert 'autocomplete="email"' in page and 'type="email"' in page
    assert 'href="/privacy"' in page
    assert page.count("<h1") == 1 and "style=" not in page


def test_booking_form_counts_the_booker_and_offers_a_stepper_to_scripts(client, make):
    session = make.session(max_seats_per_registration=4)

    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)

    assert '<label class="form-label" for="seats">Number of seats (including you)</label>' in page
    seats = re.search(r'<input [^>]*id="seats"[^>]*>', page).group(0)
    assert "data-stepper" in seats and 'data-less="One seat fewer"' in seats and 'data-more="One seat more"' in seats
    assert re.search(r'src="/static/js/seats-stepper\.[0-9a-f]{12}\.js"', page)  # fingerprinted (booking/assets.py)
    assert 'class="mb-3 consent-check"' in page  # the roomy box to tick (guichet.css)


def test_booking_confirms_the_seats_and_says_booked(client, make):
    session = make.session(capacity=10, event=make.event(title="Atelier céramique"))

    response = book(client, session, seats="2", access_needs="step_free_access", accessibility_details="Porte large")
    page = follow(client, response)

    assert "<h1>You are booked</h1>" in page
    assert "2 seats are booked for you." in page
    assert "Atelier céramique" in page
    [registration] = registrations()
    assert (registration.status, registration.seats, registration.email) == ("confirmed", 2, "camille@example.org")
    assert (registration.access_needs, registration.accessibility_needs) == (["step_free_access"], "Porte large")
    assert registration.consent_at is not None
    assert response.headers["Location"].endswith(f"/r/{registration.manage_token}/booked")
    assert db.session.get(type(session), session.id).seats_taken == 2
    assert db.session.scalar(sa.select(OutboxMessage.kind)) == "booking_confirmed"


def test_booking_a_full_session_puts_people_on_the_waiting_list_with_their_position(client, make):
    session = make.session(capacity=2)
    make.registration(session, seats=2)

    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)
    assert "Join the waiting list" in page

    first = follow(client, book(client, session, email="premier@example.org"))
    second = follow(client, book(client, session, email="second@example.org"))

    assert "You are on the waiting list, position 1" in first
    assert "You are on the waiting list, position 2" in second
    assert "You are not booked yet." in second
    assert [r.status for r in registrations()] == ["confirmed", "waitlisted", "waitlisted"]


def test_booking_errors_are_summarised_at_the_top_and_tied_to_their_fields(client, make):
    session = make.session()

    response = book(client, session, name="", email="pas-une-adresse", consent=None)
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "<title>Error:" in page
    summary = page[page.index('id="error-summary"'):page.index("</ul>", page.index('id="error-summary"'))]
    assert '<a href="#name">Your name</a>: Please give your name.' in summary
    assert '<a href="#email">Your email address</a>' in summary
    # The box to tick says what to do in a few words, without its long label repeated.
    assert '<a href="#consent">Tick the box to continue.</a>' in summary
    assert "I agree" not in summary
    assert page.index('id="error-summary"') < page.index('id="name"')
    assert re.search(r'<input aria-describedby="name-error" aria-invalid="true"[^>]*id="name"', page)
    assert 'id="name-error"' in page
    assert 'value="pas-une-adresse"' in page  # what was typed stays
    assert registrations() == []


def test_booking_more_seats_than_the_session_allows_is_refused_on_the_seats_field(client, make):
    session = make.session(max_seats_per_registration=4)

    response = book(client, session, seats="5")
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "You can book at most 4 seats at a time." in page
    assert 'aria-describedby="seats-help seats-error"' in page
    assert registrations() == []


def test_booking_twice_with_the_same_email_is_refused_plainly(client, make):
    session = make.session()
    make.registration(session, email="Camille@Example.org")

    response = book(client, session, email="camille@example.org")

    assert response.status_code == 409
    assert "This email address already has a booking for this session." in response.get_data(as_text=True)
    assert len(registrations()) == 1


def test_booking_a_full_session_without_waiting_list_says_so(client, make):
    session = make.session(capacity=1, waitlist_enabled=False)
    make.registration(session)

    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)
    assert "This session is full and has no waiting list." in page
    assert '<form method="post" novalidate' not in page

    response = book(client, session, email="autre@example.org")
    assert response.status_code == 409
    assert "Sorry, there are not enough seats left for this session." in response.get_data(as_text=True)
    assert len(registrations()) == 1


def test_booking_form_explains_why_booking_is_not_possible(client, make):
    not_open = make.session(registration_opens_at=utcnow() + timedelta(days=2))
    closed = make.session(registration_closes_at=utcnow() - timedelta(minutes=5))
    cancelled = make.session(status="cancelled")

    assert "Registration opens on" in client.get(f"/sessions/{not_open.id}/book").get_data(as_text=True)
    assert "Registration is closed for this session." in client.get(f"/sessions/{closed.id}/book").get_data(as_text=True)
    assert "This session has been cancelled." in client.get(f"/sessions/{cancelled.id}/book").get_data(as_text=True)


def test_booking_form_shows_the_session_time_and_place(client, make):
    venue = make.venue(name="H7", address="70 quai Perrache", city="Lyon")
    session = make.session(event=make.event(title="Création sonore", venue=venue))

    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)

    assert "<h1>Book: Création sonore</h1>" in page
    assert "H7, 70 quai Perrache, Lyon" in page
    assert f'datetime="{session.starts_at.isoformat()}"' in page


def test_confirmation_page_of_an_unknown_token_is_not_found(client):
    assert client.get("/r/" + "x" * 43 + "/booked").status_code == 404
