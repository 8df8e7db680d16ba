"""Check-in at the door: the phone page, ticking in and undoing, counts, and the QR code on each booking page."""

import re

import segno

from booking.extensions import db
from booking.models import Question, Registration
from booking.services import bookings
from tests.auth import sign_in_as


def test_the_check_in_page_lists_confirmed_people_with_counts(as_a, make, event_a):
    session = make.session(event=event_a, capacity=4)
    make.registration(session, seats=3, name="Camille Martin", accessibility_needs="Fauteuil roulant")
    make.registration(session, seats=1, name="Dominique Petit")
    make.registration(session, seats=2, name="Waiting Person")

    page = as_a.get(f"/organiser/sessions/{session.id}/check-in").get_data(as_text=True)

    assert "Camille Martin" in page and "Dominique Petit" in page and "Fauteuil roulant" in page
    assert "Waiting Person" not in page
    assert re.search(r'data-count="arrived_seats">0</span>\s*/ <span data-count="expected_seats">4<', page)
    assert '<meta name="viewport"' in page and "<script>" not in page


def test_ticking_someone_in_and_undoing_it(as_a, make, session_a):
    registration = make.registration(session_a, seats=2, name="Camille Martin")
    back = f"/organiser/sessions/{session_a.id}/check-in?q=cam#reg-{registration.id}"

    response = as_a.post(f"/organiser/registrations/{registration.id}/check-in", data={"next": back})

    assert response.status_code == 302 and response.location.endswith(back)
    assert db.session.get(Registration, registration.id).checked_in_at is not None
    page = as_a.get(f"/organiser/sessions/{session_a.id}/check-in").get_data(as_text=True)
    assert re.search(r'data-count="arrived_seats">2</span>', page) and "Undo" in page

    as_a.post(f"/organiser/registrations/{registration.id}/check-in", data={"undo": "1", "next": back})

    assert db.session.get(Registration, registration.id).checked_in_at is None


def test_part_of_a_party_arrives_first_and_the_counts_follow(as_a, make, session_a):
    registration = make.registration(session_a, seats=3, name="Camille Martin")
    url = f"/organiser/registrations/{registration.id}/check-in"

    as_a.post(url, data={"seats": "1"})

    stored = db.session.get(Registration, registration.id)
    assert stored.seats_checked_in == 1 and stored.checked_in_at is not None
    page = as_a.get(f"/organiser/sessions/{session_a.id}/check-in").get_data(as_text=True)
    assert re.search(r'data-count="arrived_seats">1</span>\s*/ <span data-count="expected_seats">3<', page)
    assert re.search(r'data-count="arrived_parties">1</span>', page)
    assert "1 of 3 seats" in page and 'name="seats"' in page  # the rest can still be ticked in

    as_a.post(url, data={"seats": "3"})

    assert as_a.get(f"/organiser/sessions/{session_a.id}/check-in/counts").get_json()["arrived_seats"] == 3
    assert db.session.get(Registration, registration.id).seats_checked_in == 3


def test_more_seats_than_booked_or_nonsense_is_refused_plainly(as_a, make, session_a):
    registration = make.registration(session_a, seats=2)
    url = f"/organiser/registrations/{registration.id}/check-in"

    for seats in ("3", "0", "-1", "deux", "9" * 40):
        response = as_a.post(url, data={"seats": seats}, follow_redirects=True)
        assert response.status_code == 200 and "Please choose between 1 and 2 seats." in response.get_data(as_text=True)

    assert db.session.get(Registration, registration.id).seats_checked_in == 0


def test_a_smaller_party_keeps_no_more_seats_arrived_than_it_holds(make, session_a):
    registration = make.registration(session_a, seats=3)
    bookings.check_in(registration.id)
    bookings.change_seats(registration.id, 2)
    db.session.commit()

    assert db.session.get(Registration, registration.id).seats_checked_in == 2


def test_after_a_check_in_the_search_is_cleared(as_a, make, session_a):
    registration = make.registration(session_a, name="Camille Martin")
    page = as_a.get(f"/organiser/sessions/{session_a.id}/check-in?q=cam").get_data(as_text=True)
    back = f"/organiser/sessions/{session_a.id}/check-in#reg-{registration.id}"
    assert f'name="next" value="{back}"' in page

    response = as_a.post(f"/organiser/registrations/{registration.id}/check-in", data={"next": back})

    assert response.location.endswith(back) and "q=" not in response.location


def test_the_door_sees_needs_and_answers(as_a, make, session_a):
    question = Question(event=session_a.event, label="Régime alimentaire", kind="short_text", position=1)
    db.session.add(question)
    db.session.commit()
    registration = make.registration(session_a, name="Camille Martin", accessibility_needs="Fauteuil roulant",
                                     answers={str(question.id): "Végétarien"})

    for url in (f"/organiser/sessions/{session_a.id}/check-in", f"/organiser/registrations/{registration.id}/check-in"):
        page = as_a.get(url).get_data(as_text=True)
        assert "Fauteuil roulant" in page and "Régime alimentaire" in page and "Végétarien" in page


def test_the_return_address_must_be_one_of_ours(as_a, make, session_a):
    registration = make.registration(session_a)

    response = as_a.post(f"/organiser/registrations/{registration.id}/check-in", data={"next": "//evil.example/"})

    assert response.location.endswith(f"/organiser/registrations/{registration.id}/check-in")


def test_searching_at_the_door(as_a, make, session_a):
    make.registration(session_a, name="Zoë Lefèvre", email="zoe@example.org")
    make.registration(session_a, name="محمد", email="mohamed@example.org")

    page = as_a.get(f"/organiser/sessions/{session_a.id}/check-in?q=zoë").get_data(as_text=True)

    assert "Zoë Lefèvre" in page and "محمد" not in page


def test_counts_for_the_live_refresh(as_a, make, session_a):
    first = make.registration(session_a, seats=2)
    make.registration(session_a, seats=3)
    as_a.post(f"/organiser/registrations/{first.id}/check-in")

    counts = as_a.get(f"/organiser/sessions/{session_a.id}/check-in/counts").get_json()

    assert counts == {"expected_parties": 2, "expected_seats": 5, "arrived_parties": 1, "arrived_seats": 2}


def test_a_waiting_party_cannot_be_checked_in(as_a, make, event_a):
    session = make.session(event=event_a, capacity=1)
    make.registration(session)
    waiting = make.registration(session)

    response = as_a.post(f"/organiser/registrations/{waiting.id}/check-in", follow_redirects=True)

    assert "Only confirmed bookings can be checked in." in response.get_data(as_text=True)
    assert db.session.get(Registration, waiting.id).checked_in_at is None


# -- The QR code -------------------------------------------------------------------------


def _check_in_url(registration) -> str:
    return f"http://guichet.test/organiser/registrations/{registration.id}/check-in"


def test_the_booking_page_shows_a_qr_code_of_the_check_in_action(client, make, session_a):
    registration = make.registration(session_a)

    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)

    expected = segno.make_qr(_check_in_url(registration), error="m").svg_inline(
        scale=6, omitsize=True, svgclass="check-in-qr", lineclass=None, title="QR code to check in at the door")
    assert expected in page
    assert 'style="' not in page.split('class="check-in-qr"')[1].split("</svg>")[0]


def test_no_qr_code_for_a_waiting_or_cancelled_booking(client, make, event_a):
    session = make.session(event=event_a, capacity=1)
    make.registration(session)
    waiting = make.registration(session)

    assert "check-in-qr" not in client.get(f"/r/{waiting.manage_token}").get_data(as_text=True)


def test_the_qr_target_shows_the_person_with_one_button(as_a, make, session_a):
    registration = make.registration(session_a, seats=3, name="Camille Martin")

    page = as_a.get(f"/organiser/registrations/{registration.id}/check-in").get_data(as_text=True)

    assert "Camille Martin" in page and "3 seats" in page
    assert f'action="/organiser/registrations/{registration.id}/check-in"' in page
    as_a.post(f"/organiser/registrations/{registration.id}/check-in",
              data={"next": f"/organiser/registrations/{registration.id}/check-in"})
    assert "Arrived at" in as_a.get(f"/organiser/registrations/{registration.id}/check-in").get_data(as_text=True)


def test_the_qr_target_sends_strangers_to_sign_in(client, make, session_a):
    registration = make.registration(session_a)

    response = client.get(f"/organiser/registrations/{registration.id}/check-in")

    assert response.status_code == 302 and "/account/login" in response.location


def test_the_qr_target_is_not_found_for_another_team(as_b, make, session_a):
    registration = make.registration(session_a)

    assert as_b.get(f"/organiser/registrations/{registration.id}/check-in").status_code == 404
    assert as_b.post(f"/organiser/registrations/{registration.id}/check-in").status_code == 404
    assert db.session.get(Registration, registration.id).checked_in_at is None


def test_the_qr_target_is_forbidden_to_a_citizen(client, make, session_a):
    registration = make.registration(session_a, email="citizen@example.org")
    sign_in_as(client, make.user(email="citizen@example.org"))

    assert client.get(f"/organiser/registrations/{registration.id}/check-in").status_code == 403


def test_the_camera_is_allowed_on_the_check_in_page_only(as_a, make, session_a):
    registration = make.registration(session_a)

    listing = as_a.get(f"/organiser/sessions/{session_a.id}/check-in")
    person = as_a.get(f"/organiser/registrations/{registration.id}/check-in")
    home = as_a.get("/")

    assert listing.headers["Permissions-Policy"] == "camera=(self), microphone=(), geolocation=()"
    assert "data-scanner hidden" in listing.get_data(as_text=True)  # shown by the script; the list works without
    for other in (person, home):
        assert other.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert "Content-Security-Policy" in listing.headers
