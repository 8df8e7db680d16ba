"""A booking's own page (/r/<token>) and cancelling it in two steps, without an account."""

from datetime import timedelta

import pytest

from booking.extensions import db
from booking.models import Registration, Session, utcnow
from booking.services import bookings


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def test_registration_page_shows_the_booking_and_offers_to_cancel(client, make):
    session = make.session(event=make.event(title="Visite des ateliers"))
    registration = make.registration(session, seats=2, name="Fatou Diallo")

    response = client.get(f"/r/{registration.manage_token}")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Booked" in page and "2 seats are booked for you." in page
    assert "Visite des ateliers" in page and "Fatou Diallo" in page
    assert f'href="/r/{registration.manage_token}/cancel"' in page
    assert page.count("<h1") == 1


def test_registration_page_of_a_waiting_party_gives_its_position(client, make):
    session = make.session(capacity=1)
    make.registration(session)
    make.registration(session)
    second = make.registration(session)

    page = client.get(f"/r/{second.manage_token}").get_data(as_text=True)

    assert "On the waiting list, position 2" in page
    assert "Leave the waiting list" in page


def test_cancel_asks_for_confirmation_before_doing_anything(client, make):
    registration = make.registration(make.session())

    page = client.get(f"/r/{registration.manage_token}/cancel").get_data(as_text=True)

    assert "<h1>Cancel my booking?</h1>" in page
    assert "Yes, cancel my booking" in page and "No, keep it" in page
    assert fresh(Registration, registration.id).status == "confirmed"


def test_cancel_frees_the_seats_promotes_the_first_waiting_party_and_says_so(client, make):
    session = make.session(capacity=2)
    booked = make.registration(session, seats=2)
    waiting = make.registration(session, seats=2)

    response = client.post(f"/r/{booked.manage_token}/cancel")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/r/{booked.manage_token}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your booking is cancelled." in page
    assert "This booking is cancelled." in page
    assert "/cancel" not in page
    assert fresh(Registration, booked.id).status == "cancelled"
    assert fresh(Registration, waiting.id).status == "confirmed"
    assert fresh(Session, session.id).seats_taken == 2


def test_leaving_the_waiting_list_is_worded_for_it(client, make):
    session = make.session(capacity=1)
    make.registration(session)
    waiting = make.registration(session)

    page = client.get(f"/r/{waiting.manage_token}/cancel").get_data(as_text=True)
    assert "<h1>Leave the waiting list?</h1>" in page

    response = client.post(f"/r/{waiting.manage_token}/cancel", follow_redirects=True)
    assert "You have left the waiting list." in response.get_data(as_text=True)
    assert fresh(Registration, waiting.id).status == "cancelled"


def test_cancelling_twice_says_it_is_already_cancelled(client, make):
    registration = make.registration(make.session())
    client.post(f"/r/{registration.manage_token}/cancel")

    response = client.post(f"/r/{registration.manage_token}/cancel", follow_redirects=True)

    assert response.status_code == 200
    assert "This booking is already cancelled." in response.get_data(as_text=True)


def test_a_started_session_can_no_longer_be_cancelled_online(client, make):
    session = make.session(starts_in=timedelta(hours=2))
    registration = make.registration(session)
    session.starts_at = utcnow() - timedelta(minutes=10)
    db.session.commit()

    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    assert f"/r/{registration.manage_token}/cancel" not in page

    response = client.post(f"/r/{registration.manage_token}/cancel", follow_redirects=True)
    assert "This session has already started" in response.get_data(as_text=True)
    assert fresh(Registration, registration.id).status == "confirmed"


def test_registration_page_explains_a_session_cancelled_by_the_organisers(client, make):
    session = make.session()
    registration = make.registration(session)
    bookings.cancel_session(session.id)
    db.session.commit()

    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)

    assert "The organisers cancelled this session" in page
    assert "session cancelled" in page


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 65, "bad token!", "%00" * 20, "..%2F..%2Fetc"])
def test_unknown_or_malformed_tokens_are_not_found(client, make, token):
    make.registration(make.session())

    for path in (f"/r/{token}", f"/r/{token}/cancel", f"/r/{token}/booked"):
        assert client.get(path).status_code == 404
    assert client.post(f"/r/{token}/cancel").status_code == 404


# -- Changing the number of seats -------------------------------------------------------------


def test_the_booking_page_offers_to_change_the_number_of_seats(client, make):
    registration = make.registration(make.session(), seats=2)
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    assert f'href="/r/{registration.manage_token}/seats"' in page


def test_fewer_seats_are_saved_and_go_to_the_waiting_list(client, make):
    session = make.session(capacity=3)
    registration = make.registration(session, seats=3)
    waiting = make.registration(session, seats=1)

    form = client.get(f"/r/{registration.manage_token}/seats").get_data(as_text=True)
    response = client.post(f"/r/{registration.manage_token}/seats", data={"seats": "2"})

    assert 'value="3"' in form
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/r/{registration.manage_token}")
    assert fresh(Registration, registration.id).seats == 2
    assert fresh(Registration, waiting.id).status == "confirmed"
    assert "Your booking now holds 2 seats." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_more_seats_than_are_left_say_how_many_can_be_added(client, make):
    session = make.session(capacity=4)
    registration = make.registration(session, seats=1)
    make.registration(session, seats=2)

    response = client.post(f"/r/{registration.manage_token}/seats", data={"seats": "4"})

    assert response.status_code == 409
    assert "Not enough seats left: you can add 1 more." in response.get_data(as_text=True)
    assert fresh(Registration, registration.id).seats == 1


def test_the_seats_page_asks_about_wheelchairs_when_the_date_has_spaces_and_changes_them(client, make):
    session = make.session(capacity=10, wheelchair_spaces=2, max_seats_per_registration=4)
    registration = make.registration(session, seats=2, wheelchair_spaces=1)

    form = client.get(f"/r/{registration.manage_token}/seats").get_data(as_text=True)
    assert "How many people in a wheelchair?" in form
    assert 'name="wheelchair_spaces"' in form and 'value="1"' in form  # what the booking holds now

    response = client.post(f"/r/{registration.manage_token}/seats", data={"seats": "3", "wheelchair_spaces": "2"})

    assert response.status_code == 303
    changed = fresh(Registration, registration.id)
    assert (changed.seats, changed.wheelchair_spaces) == (3, 2)
    assert (fresh(Session, session.id).seats_taken, fresh(Session, session.id).wheelchair_spaces_taken) == (1, 2)


def test_more_wheelchair_spaces_than_are_left_say_so_on_their_field_and_change_nothing(client, make):
    session = make.session(capacity=10, wheelchair_spaces=1, max_seats_per_registration=4)
    make.registration(session, seats=1, wheelchair_spaces=1)
    registration = make.registration(session, seats=2)

    response = client.post(f"/r/{registration.manage_token}/seats", data={"seats": "2", "wheelchair_spaces": "1"})

    assert response.status_code == 409
    assert "No wheelchair space is left to add." in response.get_data(as_text=True)
    assert fresh(Registration, registration.id).wheelchair_spaces == 0


def test_a_date_without_wheelchair_spaces_does_not_ask_and_keeps_the_seats_page_as_it_was(client, make):
    registration = make.registration(make.session(capacity=10), seats=2)

    form = client.get(f"/r/{registration.manage_token}/seats").get_data(as_text=True)
    response = client.post(f"/r/{registration.manage_token}/seats", data={"seats": "3"})

    assert "wheelchair" not in form.lower()
    assert response.status_code == 303 and fresh(Registration, registration.id).seats == 3


@pytest.mark.parametrize("seats, message", [("deux", "as a whole number"), ("0", "at least one seat"),
                                            ("9", "between 1 and 4 seats")])
def test_a_bad_number_of_seats_is_explained_and_changes_nothing(client, make, seats, message):
    registration = make.registration(make.session(max_seats_per_registration=4), seats=2)

    response = client.post(f"/r/{registration.manage_token}/seats", data={"seats": seats})

    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert fresh(Registration, registration.id).seats == 2


def test_seats_cannot_change_online_once_the_session_has_started(client, make):
    session = make.session()
    registration = make.registration(session, seats=2)
    session.starts_at = utcnow() - timedelta(minutes=5)
    db.session.commit()

    page = client.get(f"/r/{registration.manage_token}/seats").get_data(as_text=True)
    refused = client.post(f"/r/{registration.manage_token}/seats", data={"seats": "1"})

    assert "can no longer be changed online" in page and "name=\"seats\"" not in page
    assert refused.status_code == 409 and fresh(Registration, registration.id).seats == 2


def test_the_confirmation_page_offers_the_calendar_in_plain_words(client, make):
    registration = make.registration(make.session(), seats=2)

    page = client.get(f"/r/{registration.manage_token}/booked").get_data(as_text=True)

    calendar = page[page.index('class="calendar-links'):page.index("</section>", page.index('class="calendar-links'))]
    assert f'href="/r/{registration.manage_token}.ics"' in calendar
    assert "Add to my calendar (phone, computer)" in calendar
    assert "Google Calendar" in calendar and ">Outlook<" in calendar
    assert "btn-sm" not in calendar  # full-size buttons, 44 px high


def test_the_confirmation_page_of_a_waiting_party_offers_no_calendar(client, make):
    session = make.session(capacity=1)
    make.registration(session)
    waiting = make.registration(session)

    page = client.get(f"/r/{waiting.manage_token}/booked").get_data(as_text=True)

    assert "calendar-links" not in page and ".ics" not in page


def test_cancelling_a_booking_of_several_seats_offers_to_give_back_only_some(client, make):
    party = make.registration(make.session(), seats=3)
    alone = make.registration(make.session(), seats=1)

    page = client.get(f"/r/{party.manage_token}/cancel").get_data(as_text=True)
    single = client.get(f"/r/{alone.manage_token}/cancel").get_data(as_text=True)

    assert "Give back only some seats" in page
    assert f'href="/r/{party.manage_token}/seats"' in page
    assert page.index("Give back only some seats") < page.index("Yes, cancel my booking")
    assert "Give back only some seats" not in single
