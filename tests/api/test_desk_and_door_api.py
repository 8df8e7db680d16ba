"""The desk and the door through the API: bookings on someone's behalf and walk-ins."""

import pytest

from booking.extensions import db
from booking.models import OutboxMessage, Session
from booking.services import bookings
from tests.api.conftest import error_of


@pytest.fixture
def own_session(make, organiser):
    return make.session(event=make.event(team=organiser.team), capacity=2, waitlist_enabled=True)


def test_desk_registration_without_email_is_booked_with_its_code_and_sends_nothing(client, organiser, own_session):
    response = client.post(f"/api/v1/sessions/{own_session.id}/desk-registrations",
                           json={"name": "Jeanne Petit", "seats": 2, "phone": "06 12 34 56 78"},
                           headers=organiser.headers)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["status"], body["email"], body["phone"], body["seats"]) == ("confirmed", None, "06 12 34 56 78", 2)
    assert bookings.registration_id_of_code(body["booking_code"]) == body["id"]
    assert body["confirmation_url"].endswith(f"/organiser/registrations/{body['id']}/confirmation")
    assert db.session.query(OutboxMessage).count() == 0


def test_desk_registration_waits_when_full_and_a_walk_in_is_refused(client, organiser, own_session):
    url = f"/api/v1/sessions/{own_session.id}"
    client.post(f"{url}/desk-registrations", json={"name": "A", "seats": 2}, headers=organiser.headers)
    waiting = client.post(f"{url}/desk-registrations", json={"name": "B", "email": "b@example.org"},
                          headers=organiser.headers)
    refused = client.post(f"{url}/walk-ins", json={"seats": 1}, headers=organiser.headers)
    assert waiting.status_code == 201 and waiting.get_json()["status"] == "waitlisted"
    assert refused.status_code == 409 and error_of(refused)["code"] == "full"


def test_walk_in_is_checked_in_at_once(client, organiser, own_session):
    response = client.post(f"/api/v1/sessions/{own_session.id}/walk-ins", json={"seats": 2},
                           headers=organiser.headers)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["status"], body["seats_checked_in"]) == ("confirmed", 2) and body["checked_in_at"]
    assert db.session.get(Session, own_session.id).seats_taken == 2


@pytest.mark.parametrize("body", [{}, {"seats": 0}, {"seats": "2"}, {"seats": 1, "email": "x"}])
def test_walk_in_and_desk_bad_input_is_422(client, organiser, own_session, body):
    walk = client.post(f"/api/v1/sessions/{own_session.id}/walk-ins", json=body, headers=organiser.headers)
    desk = client.post(f"/api/v1/sessions/{own_session.id}/desk-registrations", json=body, headers=organiser.headers)
    assert walk.status_code == 422 and desk.status_code == 422


def test_another_team_gets_404(client, other_organiser, own_session):
    for path in ("desk-registrations", "walk-ins"):
        response = client.post(f"/api/v1/sessions/{own_session.id}/{path}", json={"name": "A", "seats": 1},
                               headers=other_organiser.headers)
        assert response.status_code == 404


def test_desk_registration_is_safe_to_retry_with_an_idempotency_key(client, organiser, own_session):
    headers = {**organiser.headers, "Idempotency-Key": "desk-retry-0000000001"}
    first = client.post(f"/api/v1/sessions/{own_session.id}/desk-registrations", json={"name": "A"}, headers=headers)
    again = client.post(f"/api/v1/sessions/{own_session.id}/desk-registrations", json={"name": "A"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    assert db.session.get(Session, own_session.id).seats_taken == 1
