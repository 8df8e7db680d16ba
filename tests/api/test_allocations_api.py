"""The partner allocation endpoints, as DESIGN.md fixes them."""

import uuid
from datetime import timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Allocation, Registration, Session
from tests.api.conftest import error_of, has_offset


def _body(session, **fields):
    return {"partner": "Foyer Les Tilleuls", "contact_email": "nadia@foyer.example", "seats": 4,
            "release_at": (session.starts_at - timedelta(days=2)).isoformat(), **fields}


def _allocate(client, organiser, session, **fields):
    return client.post(f"/api/v1/sessions/{session.id}/allocations", json=_body(session, **fields),
                       headers=organiser.headers)


def test_an_organiser_holds_seats_and_gets_the_invite(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10)
    response = _allocate(client, organiser, session)
    assert response.status_code == 201
    body = response.get_json()
    assert {"id", "partner", "seats", "seats_used", "release_at", "status", "invite_url", "invite_token"} <= set(body)
    assert (body["partner"], body["seats"], body["seats_used"], body["status"]) == ("Foyer Les Tilleuls", 4, 0, "held")
    assert body["invite_url"].endswith(f"/p/{body['invite_token']}")
    assert has_offset(body["release_at"])
    event = client.get(f"/api/v1/events/{session.event_id}").get_json()
    assert event["sessions"][0]["seats_left"] == 6  # the public sees held seats as taken


def test_the_list_answers_every_allocation_of_the_session(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10)
    _allocate(client, organiser, session, seats=2)
    _allocate(client, organiser, session, seats=3, partner="École Jaurès")
    body = client.get(f"/api/v1/sessions/{session.id}/allocations", headers=organiser.headers).get_json()
    assert {a["partner"] for a in body["allocations"]} == {"École Jaurès", "Foyer Les Tilleuls"}


def test_more_than_the_seats_free_is_409_full_and_bad_input_422(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=3)
    assert error_of(_allocate(client, organiser, session, seats=4))["code"] == "full"
    response = _allocate(client, organiser, session, seats=0, contact_email="nope", release_at="2030-01-01T10:00")
    assert response.status_code == 422
    assert {"seats", "contact_email", "release_at"} <= set(error_of(response)["fields"])
    late = _allocate(client, organiser, session, release_at=(session.starts_at + timedelta(hours=1)).isoformat())
    assert late.status_code == 422 and "release_at" in error_of(late)["fields"]


def test_another_team_and_no_token_get_nothing(client, make, organiser, other_organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10)
    allocation_id = _allocate(client, organiser, session).get_json()["id"]
    assert _allocate(client, other_organiser, session).status_code == 404
    assert client.get(f"/api/v1/sessions/{session.id}/allocations", headers=other_organiser.headers).status_code == 404
    assert client.delete(f"/api/v1/allocations/{allocation_id}", headers=other_organiser.headers).status_code == 404
    assert client.delete(f"/api/v1/allocations/{allocation_id}").status_code == 401


def test_delete_releases_now_and_promotes_the_waiting_list(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=4)
    allocation_id = _allocate(client, organiser, session, seats=4).get_json()["id"]
    waiting = make.registration(session, seats=2)
    assert waiting.status == "waitlisted"
    response = client.delete(f"/api/v1/allocations/{allocation_id}", headers=organiser.headers)
    assert response.status_code == 200
    assert response.get_json()["status"] == "released"
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == "confirmed"
    again = client.delete(f"/api/v1/allocations/{allocation_id}", headers=organiser.headers)
    assert (again.status_code, error_of(again)["code"]) == (409, "closed")


def test_the_partner_books_with_or_without_email_and_beyond_is_409_full(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10)
    token = _allocate(client, organiser, session, seats=3).get_json()["invite_token"]
    url = f"/api/v1/allocations/{token}/registrations"
    without = client.post(url, json={"name": "Moussa", "seats": 2})
    assert without.status_code == 201
    assert (without.get_json()["status"], without.get_json()["email"]) == ("confirmed", None)
    assert client.post(url, json={"name": "Léon", "email": "leon@example.org", "phone": "06 12 34 56 78"}
                       ).status_code == 201
    full = client.post(url, json={"name": "Fatou"})
    assert (full.status_code, error_of(full)["code"]) == (409, "full")
    listed = client.get(f"/api/v1/sessions/{session.id}/allocations", headers=organiser.headers).get_json()
    assert listed["allocations"][0]["seats_used"] == 3
    db.session.expire_all()
    assert db.session.get(Session, session.id).seats_left == 7


def test_a_partner_booking_needs_a_name_and_a_real_address_when_one_is_given(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10)
    token = _allocate(client, organiser, session).get_json()["invite_token"]
    response = client.post(f"/api/v1/allocations/{token}/registrations", json={"name": "", "email": "nope"})
    assert response.status_code == 422
    assert {"name", "email"} <= set(error_of(response)["fields"])
    assert client.post(f"/api/v1/allocations/{token}/registrations", json={"nom": "X"}).status_code == 422


def test_an_unknown_invite_token_is_404(client, make):
    response = client.post(f"/api/v1/allocations/{'Zz' * 21}Z/registrations", json={"name": "Moussa"})
    assert (response.status_code, error_of(response)["code"]) == (404, "not_found")


def test_a_partner_booking_retried_with_its_idempotency_key_books_once(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10)
    token = _allocate(client, organiser, session).get_json()["invite_token"]
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    url = f"/api/v1/allocations/{token}/registrations"
    first = client.post(url, json={"name": "Moussa", "seats": 2}, headers=headers)
    second = client.post(url, json={"name": "Moussa", "seats": 2}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
    other = client.post(url, json={"name": "Moussa", "seats": 1}, headers=headers)
    assert error_of(other)["code"] == "idempotency_key_reused"
    assert db.session.scalar(sa.select(Allocation.seats_used)) == 2


def test_the_openapi_document_describes_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/sessions/{session_id}/allocations"])
    assert "delete" in paths["/api/v1/allocations/{allocation_id}"]
    booking = paths["/api/v1/allocations/{invite_token}/registrations"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in booking["parameters"]]


def test_a_session_whose_free_seats_are_all_held_is_not_listed_as_available(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=4)
    _allocate(client, organiser, session, seats=4)
    listed = client.get("/api/v1/events", query_string={"available": "1"}).get_json()["events"]
    assert session.event_id not in [event["id"] for event in listed]


def test_the_partner_books_wheelchair_spaces_from_the_session(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=10, wheelchair_spaces=1)
    token = _allocate(client, organiser, session, seats=3).get_json()["invite_token"]
    url = f"/api/v1/allocations/{token}/registrations"
    booked = client.post(url, json={"name": "Inès", "seats": 2, "wheelchair_spaces": 1})
    assert booked.status_code == 201
    full = client.post(url, json={"name": "Paul", "seats": 1, "wheelchair_spaces": 1})
    assert (full.status_code, error_of(full)["code"]) == (409, "full")
    too_many = client.post(url, json={"name": "Paul", "seats": 1, "wheelchair_spaces": 2})
    assert (too_many.status_code, set(error_of(too_many)["fields"])) == (422, {"wheelchair_spaces"})
    db.session.expire_all()
    assert db.session.get(Session, session.id).wheelchair_spaces_taken == 1
