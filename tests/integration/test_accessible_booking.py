"""The booking form asks, in plain words, how many of the party use a wheelchair (when the session has
spaces for them) and which needs to plan for, as boxes to tick; public pages say the spaces left."""

import re

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, Session


def book(client, session, **fields):
    data = {"name": "Camille Martin", "email": "camille@example.org", "seats": "1", "consent": "y"} | fields
    return client.post(f"/sessions/{session.id}/book", data=data)


def only_registration() -> Registration:
    [registration] = db.session.scalars(sa.select(Registration)).all()
    return registration


def test_the_form_asks_how_many_people_in_a_wheelchair_when_the_session_has_spaces(client, make):
    venue = make.venue(accessibility_notes="Entrée de plain-pied par la porte B.")
    session = make.session(event=make.event(venue=venue), wheelchair_spaces=2)

    with client.session_transaction() as browser:
        browser["language"] = "fr"
    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)

    assert '<label class="form-label" for="wheelchair_spaces">Combien de personnes en fauteuil roulant\u00a0?</label>' in page
    field = re.search(r'<input [^>]*id="wheelchair_spaces"[^>]*>', page).group(0)
    assert 'value="0"' in field and 'aria-describedby="wheelchair_spaces-help"' in field
    assert "2 places pour fauteuil roulant restantes" in page
    assert "Entrée de plain-pied par la porte B." in page  # the venue's access notes, beside the form
    for n in range(6):  # every need is a box to tick with its own label
        assert re.search(rf'<input [^>]*id="access_needs-{n}"[^>]*type="checkbox"', page)
        assert f'<label class="form-check-label" for="access_needs-{n}">' in page


def test_without_spaces_the_form_says_so_instead_of_asking(client, make):
    session = make.session(wheelchair_spaces=0)
    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)
    assert 'id="wheelchair_spaces"' not in page
    assert "No space for a wheelchair is set aside for this date" in page
    assert "wheelchair space left" not in page and "wheelchair spaces left" not in page


def test_booking_with_a_wheelchair_user_and_needs_stores_spaces_and_codes(client, make):
    session = make.session(capacity=10, wheelchair_spaces=1)

    response = book(client, session, seats="2", wheelchair_spaces="1",
                    access_needs=["sign_language", "induction_loop"], accessibility_details="Mon fils signe")

    assert response.status_code == 303
    registration = only_registration()
    assert (registration.status, registration.seats, registration.wheelchair_spaces) == ("confirmed", 2, 1)
    assert registration.access_needs == ["induction_loop", "sign_language"]
    assert registration.accessibility_needs == "Mon fils signe"
    stored = db.session.get(Session, session.id)
    assert (stored.seats_taken, stored.wheelchair_spaces_taken) == (1, 1)


def test_no_space_left_puts_the_party_on_the_waiting_list_and_the_page_says_so(client, make):
    session = make.session(capacity=10, wheelchair_spaces=1)
    make.registration(session, wheelchair_spaces=1)

    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)
    assert "No wheelchair space left" in page
    assert "No wheelchair space is left: a party with someone in a wheelchair joins the waiting list." in page

    response = book(client, session, email="dom@example.org", wheelchair_spaces="1")
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 200
    waiting = db.session.scalars(sa.select(Registration).where(Registration.email == "dom@example.org")).one()
    assert waiting.status == "waitlisted"


def test_more_wheelchair_users_than_people_is_shown_on_the_field(client, make):
    session = make.session(wheelchair_spaces=3)
    response = book(client, session, seats="1", wheelchair_spaces="2")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="wheelchair_spaces-error"' in page
    assert "Please give a number of wheelchair users from 0 to 1" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_when_only_wheelchair_spaces_are_left_the_session_stays_bookable_and_says_why(client, make):
    session = make.session(capacity=1, wheelchair_spaces=1)
    make.registration(session)
    page = client.get(f"/events/{session.event_id}").get_data(as_text=True)
    assert "No seat left, only wheelchair spaces" in page and "1 wheelchair space left" in page
    booking_page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)
    assert "A party with nobody in a wheelchair joins the waiting list." in booking_page


def test_the_event_page_and_programme_say_the_wheelchair_spaces_left_per_session(client, make):
    event = make.event()
    with_spaces = make.session(event=event, wheelchair_spaces=3)
    make.session(event=event, wheelchair_spaces=0)
    make.registration(with_spaces, seats=2, wheelchair_spaces=1)

    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert page.count("wheelchair space") == 1 and "2 wheelchair spaces left" in page
    programme = client.get("/").get_data(as_text=True)
    assert "2 wheelchair spaces left" in programme
