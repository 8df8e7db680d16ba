"""The API of wheelchair spaces and access needs: sessions declare and show their spaces, a booking
asks for some of its people's (k <= seats), and organisers read the needs as codes."""

from datetime import UTC, timedelta

import pytest

from booking.extensions import db
from booking.models import Registration, Session, utcnow
from tests.api.conftest import error_of


def at(days: int, hour: int = 18) -> str:
    moment = (utcnow() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment.astimezone(UTC).isoformat()


def book(client, session_id, **fields):
    body = {"name": "Camille Martin", "email": "camille@example.org", **fields}
    return client.post(f"/api/v1/sessions/{session_id}/registrations", json=body)


@pytest.fixture
def own_session(make, organiser):
    return make.session(event=make.event(team=organiser.team), capacity=4, wheelchair_spaces=1)


def test_a_session_is_added_with_wheelchair_spaces_and_shows_them(client, make, organiser):
    event = make.event(team=organiser.team)
    response = client.post(f"/api/v1/events/{event.id}/sessions", headers=organiser.headers,
                           json={"starts_at": at(10), "ends_at": at(10, 20), "capacity": 30, "wheelchair_spaces": 3})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["wheelchair_spaces"], created["wheelchair_spaces_left"]) == (3, 3)
    assert db.session.get(Session, created["id"]).wheelchair_spaces == 3

    without = client.post(f"/api/v1/events/{event.id}/sessions", headers=organiser.headers,
                          json={"starts_at": at(11), "ends_at": at(11, 20), "capacity": 30})
    assert without.get_json()["wheelchair_spaces"] == 0


def test_wheelchair_spaces_must_be_a_whole_number_not_below_zero(client, make, organiser):
    event = make.event(team=organiser.team)
    for bad in (-1, "2", 1.5, None):
        response = client.post(f"/api/v1/events/{event.id}/sessions", headers=organiser.headers,
                               json={"starts_at": at(10), "ends_at": at(10, 20), "capacity": 30,
                                     "wheelchair_spaces": bad})
        assert response.status_code == 422, bad
        assert set(error_of(response)["fields"]) == {"wheelchair_spaces"}


def test_the_public_event_shows_wheelchair_spaces_left_per_session(client, make, own_session):
    make.registration(own_session, seats=2, wheelchair_spaces=1)
    body = client.get(f"/api/v1/events/{own_session.event_id}").get_json()
    listed = body["sessions"][0]
    assert (listed["wheelchair_spaces"], listed["wheelchair_spaces_left"], listed["seats_left"]) == (1, 0, 3)


def test_a_booking_asks_for_wheelchair_spaces_and_waits_when_none_is_left(client, make, own_session):
    first = book(client, own_session.id, seats=2, wheelchair_spaces=1)
    assert first.status_code == 201
    assert (first.get_json()["status"], first.get_json()["wheelchair_spaces"]) == ("confirmed", 1)
    assert first.get_json()["session"]["wheelchair_spaces_left"] == 0

    second = book(client, own_session.id, email="dom@example.org", seats=1, wheelchair_spaces=1)
    assert second.status_code == 201 and second.get_json()["status"] == "waitlisted"


def test_without_waiting_list_no_space_left_is_409_full(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10, wheelchair_spaces=0,
                           waitlist_enabled=False)
    response = book(client, session.id, seats=1, wheelchair_spaces=1)
    assert response.status_code == 409 and error_of(response)["code"] == "full"


@pytest.mark.parametrize("asked", [3, -1, "1", True])
def test_more_wheelchair_users_than_people_or_a_bad_number_is_422(client, own_session, asked):
    response = book(client, own_session.id, seats=2, wheelchair_spaces=asked)
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"wheelchair_spaces"}
    assert db.session.query(Registration).count() == 0


def test_access_needs_are_codes_and_an_unknown_one_is_422(client, organiser, own_session):
    response = book(client, own_session.id, access_needs=["sign_language", "large_print"],
                    accessibility_needs="Une personne malentendante")
    assert response.status_code == 201
    unknown = book(client, own_session.id, email="dom@example.org", access_needs=["Langue des signes"])
    assert unknown.status_code == 422 and set(error_of(unknown)["fields"]) == {"access_needs.0"}

    listed = client.get(f"/api/v1/sessions/{own_session.id}/registrations", headers=organiser.headers).get_json()
    attendee = listed["registrations"][0]
    assert attendee["access_needs"] == ["large_print", "sign_language"]
    assert attendee["accessibility_needs"] == "Une personne malentendante"
    assert attendee["wheelchair_spaces"] == 0


def test_patching_wheelchair_spaces_promotes_who_waits_for_one(client, make, organiser, own_session):
    make.registration(own_session, seats=1, wheelchair_spaces=1)
    waiting = make.registration(own_session, seats=2, wheelchair_spaces=1)
    assert waiting.status == "waitlisted"

    response = client.patch(f"/api/v1/sessions/{own_session.id}", json={"wheelchair_spaces": 2},
                            headers=organiser.headers)

    assert response.status_code == 200
    assert (response.get_json()["wheelchair_spaces"], response.get_json()["wheelchair_spaces_left"]) == (2, 0)
    assert db.session.get(Registration, waiting.id).status == "confirmed"


def test_patching_fewer_wheelchair_spaces_than_taken_keeps_the_bookings(client, make, organiser, own_session):
    booked = make.registration(own_session, seats=1, wheelchair_spaces=1)
    response = client.patch(f"/api/v1/sessions/{own_session.id}", json={"wheelchair_spaces": 0},
                            headers=organiser.headers)
    assert response.status_code == 200
    assert (response.get_json()["wheelchair_spaces"], response.get_json()["wheelchair_spaces_left"]) == (0, 0)
    assert db.session.get(Registration, booked.id).status == "confirmed"
