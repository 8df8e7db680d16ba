"""Rate limits (Flask-Limiter): bookings per address, organiser writes per token; 429 in JSON."""

import pytest

from tests.api.conftest import error_of


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
            "API_BOOKING_LIMIT": "2 per minute", "API_ORGANISER_WRITE_LIMIT": "2 per minute"}


def test_default_limits_are_generous_for_a_shared_connection():
    from booking.api.auth import ORGANISER_WRITE_LIMIT, PUBLIC_BOOKING_LIMIT

    assert (PUBLIC_BOOKING_LIMIT, ORGANISER_WRITE_LIMIT) == ("60 per minute", "300 per minute")


def test_bookings_beyond_the_limit_answer_429_in_json(client, make):
    session = make.session(capacity=50)

    statuses = [
        client.post(f"/api/v1/sessions/{session.id}/registrations",
                    json={"name": "Camille", "email": f"p{n}@example.org"}).status_code
        for n in range(3)
    ]

    assert statuses == [201, 201, 429]
    response = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "C", "email": "c@example.org"})
    assert error_of(response)["code"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0


def test_reads_are_not_limited(client, make):
    make.session()

    assert {client.get("/api/v1/events").status_code for _ in range(5)} == {200}


def test_organiser_writes_share_one_budget_per_token(client, organiser, other_organiser):
    def create_venue(who):
        return client.post("/api/v1/venues", json={"name": "H7", "address": "1 rue", "city": "Lyon"},
                           headers=who.headers)

    statuses = [create_venue(organiser).status_code for _ in range(2)]
    statuses.append(client.patch("/api/v1/events/1", json={"title": "x"}, headers=organiser.headers).status_code)

    assert statuses == [201, 201, 429]
    assert create_venue(other_organiser).status_code == 201  # another token, its own budget
    assert client.get("/api/v1/venues", headers=organiser.headers).status_code == 200
