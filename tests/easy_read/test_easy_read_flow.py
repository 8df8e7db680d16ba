"""The easy-to-read mode (issue 20): its switch and memory, each page in the mode, and the booking form
with one question per step, its errors and going back."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration
from booking.services import questions as question_rules


def has_pictogram(page: str, name: str) -> bool:
    """The page shows the pictogram, under its fingerprinted name (booking/assets.py)."""
    return re.search(rf'src="/static/pictograms/{name}\.[0-9a-f]{{12}}\.svg"', page) is not None


def turn_on(client, next_path="/"):
    return client.post("/easy-read", data={"mode": "on", "next": next_path})


def registrations() -> list[Registration]:
    return db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()


def step_url(session, step):
    return f"/sessions/{session.id}/easy/{step}"


def text(response) -> str:
    return response.get_data(as_text=True)


def answer(client, session, step, **data):
    """Answer one step: it moves on to the next step (303)."""
    response = client.post(step_url(session, step), data=data)
    assert response.status_code == 303, text(response)
    return response.headers["Location"]


# -- The switch -----------------------------------------------------------------------------------


def test_every_page_has_the_switch_and_it_is_remembered_for_the_visit(client, make):
    event = make.event(title="Visite du musée")
    make.session(event=event)

    page = text(client.get("/"))
    switch = re.search(r'<button [^>]*class="[^"]*easy-read-switch[^"]*"[^>]*>', page).group(0)
    assert 'aria-pressed="false"' in switch and "Easy to read" in page
    assert 'class="easy-read"' not in page

    response = turn_on(client, f"/events/{event.id}")
    assert response.status_code == 303 and response.headers["Location"] == f"/events/{event.id}"

    for path in ("/", f"/events/{event.id}", "/privacy"):  # remembered from page to page
        page = text(client.get(path))
        assert '<body class="easy-read">' in page, path
        assert 'aria-pressed="true"' in page and 'name="mode" value="off"' in page

    client.post("/easy-read", data={"mode": "off", "next": "/"})
    assert 'class="easy-read"' not in text(client.get("/"))


def test_the_switch_goes_back_only_to_a_page_of_this_site(client):
    response = client.post("/easy-read", data={"mode": "on", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_the_switch_speaks_french_in_french(client):
    client.post("/language/fr")
    assert "Facile à lire" in text(client.get("/"))


# -- The pages in the mode ------------------------------------------------------------------------


def test_the_programme_in_the_mode_spells_dates_out_with_pictograms(client, make):
    starts = datetime(2030, 12, 14, 13, 0, tzinfo=UTC)  # 14:00 in Paris
    event = make.event(title="Atelier reliure", easy_read_summary="Nous fabriquons un carnet.")
    make.session(event=event, starts_at=starts, ends_at=starts + timedelta(hours=2))
    turn_on(client)
    client.post("/language/fr")

    page = text(client.get("/"))

    assert "Samedi 14 décembre, de 14\u00a0heures à 16\u00a0heures." in page
    assert "Nous fabriquons un carnet." in page
    assert has_pictogram(page, "date") and has_pictogram(page, "place")
    assert "Il reste 10 places." in page


def test_the_event_page_shows_the_summary_instead_of_the_description(client, make):
    venue = make.venue(accessibility_notes="Rampe à l’entrée")
    event = make.event(venue=venue, description="Une **longue** description.",
                       easy_read_summary="Nous visitons le musée.\nC’est gratuit.")
    session = make.session(event=event)
    turn_on(client)

    page = text(client.get(f"/events/{event.id}"))

    assert "<p>Nous visitons le musée.</p>" in page and "longue" not in page
    for name in ("date", "time", "place", "access", "free"):
        assert has_pictogram(page, name), name
    assert "Access: Rampe à l’entrée" in page and "It is free." in page
    assert f'href="/sessions/{session.id}/easy/name"' in page
    assert page.count("<h1") == 1


def test_an_event_without_summary_keeps_its_description_in_the_mode(client, make):
    event = make.event(description="Une **rencontre** ouverte.")
    make.session(event=event)
    turn_on(client)
    assert "<strong>rencontre</strong>" in text(client.get(f"/events/{event.id}"))


def test_the_full_booking_form_leads_to_the_steps_in_the_mode(client, make):
    session = make.session()
    assert client.get(f"/sessions/{session.id}/book").status_code == 200
    turn_on(client)
    response = client.get(f"/sessions/{session.id}/book")
    assert response.status_code == 302 and response.headers["Location"] == step_url(session, "name")


# -- The booking, one question per step ----------------------------------------------------------


def test_booking_step_by_step_books_once_with_the_easy_read_flag(client, make):
    session = make.session(capacity=10, max_seats_per_registration=3)
    turn_on(client)

    page = text(client.get(step_url(session, "name")))
    assert "Step 1 of 5" in page and '<label for="name">Your name</label>' in page
    assert page.count("<input") - page.count('type="hidden"') == 1  # one question: the name (no honeypot here)

    assert answer(client, session, "name", name="Nadia Benali") == step_url(session, "email")
    assert answer(client, session, "email", email="nadia@example.org") == step_url(session, "seats")
    page = text(client.get(step_url(session, "seats")))
    assert "Step 3 of 5" in page and page.count('type="radio"') == 3  # 1, 2 or 3 places: chosen, not typed
    assert answer(client, session, "seats", seats="2") == step_url(session, "needs")
    page = text(client.get(step_url(session, "needs")))
    assert "Do you need help to come?" in page and page.count('type="radio"') == 5
    assert re.search(r'<input checked[^>]*name="accessibility" type="radio" value="">', page)  # "no help" chosen
    assert answer(client, session, "needs", accessibility="wheelchair", details="Porte large") \
        == step_url(session, "confirm")

    page = text(client.get(step_url(session, "confirm")))
    assert "Nadia Benali" in page and "nadia@example.org" in page and "Yes. I come in a wheelchair. — Porte large" in page
    for step in ("name", "email", "seats", "needs"):
        assert f'href="{step_url(session, step)}"' in page  # each answer can be changed
    assert not registrations()  # nothing booked before the last step

    nonce = re.search(r'name="nonce" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(step_url(session, "confirm"), data={"consent": "y", "nonce": nonce})
    assert response.status_code == 303
    (registration,) = registrations()
    assert (registration.name, registration.email, registration.seats, registration.status) == (
        "Nadia Benali", "nadia@example.org", 2, "confirmed")
    # No wheelchair space on this date: the need is told as a code, the person's words kept beside it.
    assert registration.easy_read and registration.accessibility_needs == "Porte large"
    assert (registration.access_needs, registration.wheelchair_spaces) == (["step_free_access"], 0)
    assert response.headers["Location"] == f"/r/{registration.manage_token}/booked"

    page = text(client.get(response.headers["Location"]))
    assert "Your booking is done" in page and "You have 2 places." in page
    assert "We send you an email. We send it to nadia@example.org." in page

    # The same form sent again (a double click) lands on the same booking; nothing new is booked.
    again = client.post(step_url(session, "confirm"), data={"consent": "y", "nonce": nonce})
    assert again.status_code == 303 and again.headers["Location"] == f"/r/{registration.manage_token}/booked"
    assert len(registrations()) == 1


def test_each_step_shows_its_own_errors(client, make):
    session = make.session(max_seats_per_registration=2)
    turn_on(client)

    response = client.post(step_url(session, "name"), data={"name": "  "})
    assert response.status_code == 422
    page = text(response)
    assert "Please write your name." in page and 'id="error-summary"' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="name-help name-error"' in page

    answer(client, session, "name", name="Nadia")
    page = text(client.post(step_url(session, "email"), data={"email": "nadia@"}))
    assert "This email address is not right." in page

    answer(client, session, "email", email="nadia@example.org")
    response = client.post(step_url(session, "seats"), data={"seats": "7"})  # not one of the choices
    assert response.status_code == 422 and 'href="#seats"' in text(response)
    response = client.post(step_url(session, "seats"), data={})
    assert response.status_code == 422 and "Please choose a number of places." in text(response)

    answer(client, session, "seats", seats="1")
    answer(client, session, "needs")
    response = client.post(step_url(session, "confirm"), data={})  # the box not ticked
    assert response.status_code == 422 and "Please tick the box." in text(response)
    assert not registrations()


def test_going_back_keeps_the_answers_and_a_later_step_waits_for_the_earlier_ones(client, make):
    event = make.event()
    session = make.session(event=event)
    turn_on(client)

    # A step asked before the ones it needs sends to the first one missing.
    response = client.get(step_url(session, "seats"))
    assert response.status_code == 302 and response.headers["Location"] == step_url(session, "name")

    answer(client, session, "name", name="Nadia Benali")
    page = text(client.get(step_url(session, "email")))
    assert f'href="{step_url(session, "name")}"' in page  # the back link
    page = text(client.get(step_url(session, "name")))
    assert 'value="Nadia Benali"' in page
    assert f'href="/events/{event.id}/{event.slug}"' in page  # the first step goes back to the event

    assert client.get(step_url(session, "nowhere")).status_code == 404


def test_the_event_questions_are_steps_of_their_own(client, make):
    event = make.event()
    question = question_rules.add_question(
        event, question_rules.QuestionFields(label="Your school", kind="short_text", required=True))
    db.session.commit()
    session = make.session(event=event)
    turn_on(client)
    answer(client, session, "name", name="Nadia")
    answer(client, session, "email", email="nadia@example.org")
    assert answer(client, session, "seats", seats="1") == step_url(session, f"question-{question.id}")

    response = client.post(step_url(session, f"question-{question.id}"), data={"answer": ""})
    assert response.status_code == 422 and "Please answer this question." in text(response)
    assert answer(client, session, f"question-{question.id}", answer="Collège Jean Moulin") \
        == step_url(session, "needs")
    answer(client, session, "needs")
    page = text(client.get(step_url(session, "confirm")))
    nonce = re.search(r'name="nonce" type="hidden" value="([^"]+)"', page).group(1)
    client.post(step_url(session, "confirm"), data={"consent": "y", "nonce": nonce})

    (registration,) = registrations()
    assert registration.answers == {str(question.id): "Collège Jean Moulin"}


def test_a_refusal_at_the_last_step_is_said_in_easy_words(client, make):
    session = make.session(capacity=1, waitlist_enabled=False)
    make.registration(session, email="nadia@example.org")
    turn_on(client)
    for step, data in (("name", {"name": "Nadia"}), ("email", {"email": "NADIA@example.org"}),
                       ("seats", {"seats": "1"}), ("needs", {})):
        client.post(step_url(session, step), data=data)

    page = text(client.get(step_url(session, "confirm")))
    assert "You cannot book this date" in page  # full, no waiting list: said before the last step


def test_the_last_step_says_already_booked_in_easy_words(client, make):
    session = make.session(capacity=5)
    make.registration(session, email="nadia@example.org")
    turn_on(client)
    for step, data in (("name", {"name": "Nadia"}), ("email", {"email": "NADIA@example.org"}),
                       ("seats", {"seats": "1"}), ("needs", {})):
        client.post(step_url(session, step), data=data)

    response = client.post(step_url(session, "confirm"), data={"consent": "y"})

    assert response.status_code == 409
    assert "You already have a booking for this date." in text(response)
    assert len(registrations()) == 1


def test_a_robot_filling_the_trap_books_nothing(client, make):
    session = make.session()
    turn_on(client)
    for step, data in (("name", {"name": "Bot"}), ("email", {"email": "bot@example.org"}),
                       ("seats", {"seats": "1"}), ("needs", {})):
        client.post(step_url(session, step), data=data)
    response = client.post(step_url(session, "confirm"), data={"consent": "y", "website": "http://spam"})
    assert response.status_code == 422 and not registrations()


def test_a_full_session_with_a_waiting_list_offers_to_wait(client, make):
    session = make.session(capacity=1, waitlist_enabled=True)
    make.registration(session, email="first@example.org")
    turn_on(client)
    page = text(client.get(step_url(session, "name")))
    assert "It is full. You can wait for a place." in page
    for step, data in (("name", {"name": "Nadia"}), ("email", {"email": "nadia@example.org"}),
                       ("seats", {"seats": "1"}), ("needs", {})):
        client.post(step_url(session, step), data=data)
    response = client.post(step_url(session, "confirm"), data={"consent": "y"})
    registration = registrations()[-1]
    assert registration.status == "waitlisted" and registration.easy_read
    assert "You are on the waiting list" in text(client.get(response.headers["Location"]))


def test_the_booking_page_in_the_mode(client, make):
    session = make.session()
    registration = make.registration(session, seats=2)
    turn_on(client)

    page = text(client.get(f"/r/{registration.manage_token}"))

    assert "<h1>My booking</h1>" in page and "You have 2 places." in page
    assert has_pictogram(page, "cancel")
    assert f'href="/r/{registration.manage_token}/cancel"' in page
    assert client.get(f"/r/{registration.manage_token}/cancel").status_code == 200


def test_an_unknown_session_is_not_found(client):
    assert client.get("/sessions/999999/easy/name").status_code == 404


def test_coming_in_a_wheelchair_takes_a_wheelchair_space_when_the_date_has_some(client, make):
    session = make.session(capacity=10, wheelchair_spaces=1, max_seats_per_registration=3)
    turn_on(client)
    answer(client, session, "name", name="Nadia Benali")
    answer(client, session, "email", email="nadia@example.org")
    answer(client, session, "seats", seats="2")
    answer(client, session, "needs", accessibility="wheelchair")
    page = text(client.get(step_url(session, "confirm")))
    nonce = re.search(r'name="nonce" type="hidden" value="([^"]+)"', page).group(1)

    response = client.post(step_url(session, "confirm"), data={"consent": "y", "nonce": nonce})

    assert response.status_code == 303
    (registration,) = registrations()
    assert (registration.seats, registration.wheelchair_spaces, registration.access_needs) == (2, 1, [])
    assert (registration.session.seats_taken, registration.session.wheelchair_spaces_taken) == (1, 1)
