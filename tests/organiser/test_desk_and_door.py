"""Desk and door pages: a desk booking and its printable confirmation, walk-ins, printing, corrections,
closing registrations by hand, and the lost-link page."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import AuditEntry, Registration, Session
from booking.services import bookings
from tests.auth import without_csrf_tokens
from tests.organiser.conftest import outbox


def test_desk_booking_without_email_shows_the_printable_confirmation_and_the_text(as_a, session_a):
    response = as_a.post(f"/organiser/sessions/{session_a.id}/desk-booking",
                         data={"name": "Jeanne Petit", "phone": "06 12 34 56 78", "seats": "2", "locale": "fr"})
    assert response.status_code == 302
    registration = db.session.scalar(sa.select(Registration))
    assert response.location.endswith(f"/organiser/registrations/{registration.id}/confirmation")
    page = as_a.get(response.location).get_data(as_text=True)
    code = bookings.booking_code(registration.id)
    assert code in page and "<svg" in page and registration.manage_token in page
    assert (registration.email, registration.phone, registration.seats) == (None, "06 12 34 56 78", 2)
    assert outbox() == []


def test_desk_booking_refused_as_full_says_so_on_the_seats(as_a, make, event_a):
    session = make.session(event=event_a, capacity=1, waitlist_enabled=False)
    response = as_a.post(f"/organiser/sessions/{session.id}/desk-booking", data={"name": "A", "seats": "2",
                                                                                "locale": "fr"})
    assert response.status_code == 409
    assert "no waiting list" in response.get_data(as_text=True)


def test_another_team_cannot_book_at_the_desk(as_b, session_a):
    assert as_b.post(f"/organiser/sessions/{session_a.id}/desk-booking",
                     data={"name": "A", "seats": "1", "locale": "fr"}).status_code == 404


def test_walk_in_from_the_check_in_page_updates_the_counts(as_a, make, session_a):
    make.registration(session_a, seats=2)
    response = as_a.post(f"/organiser/sessions/{session_a.id}/walk-ins", data={"seats": "3"})
    assert response.status_code == 302
    counts = as_a.get(f"/organiser/sessions/{session_a.id}/check-in/counts").get_json()
    assert counts["arrived_seats"] == 3 and counts["expected_seats"] == 5


def test_walk_in_beyond_the_free_seats_is_refused_on_the_form(as_a, make, event_a):
    session = make.session(event=event_a, capacity=2)
    response = as_a.post(f"/organiser/sessions/{session.id}/walk-ins", data={"seats": "3"})
    assert response.status_code == 422
    assert "Only 2 seats are free." in response.get_data(as_text=True)
    assert db.session.get(Session, session.id).seats_taken == 0


def test_sign_in_sheet_lists_names_seats_needs_and_the_phone_of_those_without_email(as_a, make, session_a):
    make.registration(session_a, name="Awa", email="awa@example.org", phone="01 11 11 11 11",
                      accessibility_needs="Fauteuil")
    bookings.book_at_desk(session_a.id, bookings.BookingRequest(name="Jeanne", email="", phone="06 22 22 22 22"),
                          bookings.DeskBooking(), key=__import__("booking").settings.pseudonym_key())
    db.session.commit()
    page = as_a.get(f"/organiser/sessions/{session_a.id}/sign-in-sheet").get_data(as_text=True)
    assert "Awa" in page and "Fauteuil" in page and "Jeanne" in page
    assert "06 22 22 22 22" in page and "01 11 11 11 11" not in page
    tickets = as_a.get(f"/organiser/sessions/{session_a.id}/tickets").get_data(as_text=True)
    assert tickets.count('class="ticket"') == 2


def test_correcting_the_email_sends_the_confirmation_there_and_logs_who(as_a, organiser_a, make, session_a):
    registration = make.registration(session_a, email="old@example.org")
    response = as_a.post(f"/organiser/registrations/{registration.id}/edit",
                         data={"name": "Camille Martin", "email": "new@example.org", "phone": ""})
    assert response.status_code == 302
    assert outbox("booking_confirmed")[-1].recipient == "new@example.org"
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.user_id, entry.fields) == (organiser_a.id, "email")


def test_a_bad_email_in_a_correction_is_shown_on_the_form(as_a, make, session_a):
    registration = make.registration(session_a)
    response = as_a.post(f"/organiser/registrations/{registration.id}/edit",
                         data={"name": "Camille", "email": "not an email", "phone": ""})
    assert response.status_code == 422


def test_closing_registrations_now_shows_on_the_public_page_and_reopening_undoes_it(as_a, client, session_a):
    assert as_a.post(f"/organiser/sessions/{session_a.id}/registrations-closed").status_code == 302
    page = client.get(f"/sessions/{session_a.id}/book").get_data(as_text=True)
    assert "Registration is closed for this session." in page
    assert as_a.post(f"/organiser/sessions/{session_a.id}/registrations-closed", data={"reopen": "1"}).status_code == 302
    assert db.session.get(Session, session_a.id).registrations_closed_at is None


def test_check_in_search_finds_a_booking_by_its_code(as_a, make, session_a):
    registration = make.registration(session_a, name="Zoé Quelqu'un")
    code = bookings.booking_code(registration.id)
    page = as_a.get(f"/organiser/sessions/{session_a.id}/check-in", query_string={"q": code.lower()})
    assert "Zoé" in page.get_data(as_text=True)


# -- The lost-link page ----------------------------------------------------------------------


def test_lost_link_answers_the_same_for_known_and_unknown_and_sends_only_to_the_known(client, make, session_a):
    registration = make.registration(session_a, email="awa@example.org")
    known = client.post("/lost-link", data={"email": "Awa@example.org"})
    unknown = client.post("/lost-link", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert (without_csrf_tokens(known.get_data(as_text=True)).replace("Awa@example.org", "X")
            == without_csrf_tokens(unknown.get_data(as_text=True)).replace("nobody@example.org", "X"))
    sent = outbox("booking_links")
    assert [m.recipient for m in sent] == ["Awa@example.org"]
    assert sent[0].payload["bookings"][0]["manage_token"] == registration.manage_token


def test_lost_link_lists_every_active_booking_in_one_message(client, make, event_a, session_a):
    make.registration(session_a, email="awa@example.org")
    make.registration(make.session(event=event_a), email="awa@example.org")
    cancelled = make.registration(make.session(event=event_a), email="awa@example.org")
    bookings.cancel(cancelled.id)
    db.session.commit()
    client.post("/lost-link", data={"email": "awa@example.org"})
    assert [len(m.payload["bookings"]) for m in outbox("booking_links")] == [2]


def test_desk_booking_asks_for_wheelchair_users_when_the_session_has_spaces(as_a, make, event_a):
    session = make.session(event=event_a, capacity=5, wheelchair_spaces=2)
    assert 'name="wheelchair_spaces"' in as_a.get(f"/organiser/sessions/{session.id}/desk-booking").get_data(
        as_text=True)
    response = as_a.post(f"/organiser/sessions/{session.id}/desk-booking",
                         data={"name": "Inès Fabre", "seats": "2", "wheelchair_spaces": "1", "locale": "fr"})
    assert response.status_code == 302
    db.session.expire_all()
    after = db.session.get(Session, session.id)
    assert (after.seats_taken, after.wheelchair_spaces_taken) == (1, 1)
