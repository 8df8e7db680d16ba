"""Organiser endpoints: bearer tokens, team scope, and each write going through the services."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Event, OutboxMessage, Question, Registration, Session, utcnow
from tests.api.conftest import error_of, has_offset, new_token


def at(days: int, hour: int = 18) -> str:
    moment = (utcnow() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment.astimezone(UTC).isoformat()


@pytest.fixture
def own_event(make, organiser):
    return make.event(team=organiser.team, status="draft")


@pytest.fixture
def own_session(make, organiser):
    return make.session(event=make.event(team=organiser.team), capacity=2, waitlist_enabled=True)


# -- Authentication -------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz"])
def test_missing_or_bad_token_is_401_with_www_authenticate(client, header):
    headers = {"Authorization": header} if header else {}

    response = client.get("/api/v1/venues", headers=headers)

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_revoked_token_is_refused(client, organiser):
    from booking.services import api_tokens

    [token] = api_tokens.list_tokens(organiser.user)
    api_tokens.revoke_token(organiser.user, token.id)
    db.session.commit()

    assert client.get("/api/v1/venues", headers=organiser.headers).status_code == 401


def test_token_of_a_disabled_account_is_refused(client, organiser):
    organiser.user.active = False
    db.session.commit()

    assert client.get("/api/v1/venues", headers=organiser.headers).status_code == 401


def test_token_of_an_account_no_longer_organiser_is_403(client, organiser):
    organiser.user.role = "citizen"
    db.session.commit()

    response = client.get("/api/v1/venues", headers=organiser.headers)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_unauthenticated_write_is_401_before_its_body_is_read(client):
    response = client.post("/api/v1/events", data="{broken", content_type="application/json")

    assert response.status_code == 401


# -- Events ------------------------------------------------------------------------------


def test_create_event_makes_a_draft_of_the_organisers_team(client, make, organiser):
    venue = make.venue()
    body = {"title": "Les images qui pensent", "kind": "debate", "description": "Un **débat**.", "venue_id": venue.id}

    response = client.post("/api/v1/events", json=body, headers=organiser.headers)

    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["status"] == "draft" and created["team"] == "#UpConf" and created["sessions"] == []
    assert created["venue"]["id"] == venue.id
    assert db.session.get(Event, created["id"]).team_id == organiser.team.id


def test_create_event_refuses_bad_fields_and_a_foreign_team(client, make, organiser, other_organiser):
    response = client.post("/api/v1/events", json={"title": "", "kind": "opera", "venue_id": 0, "extra": 1},
                           headers=organiser.headers)
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"title", "kind", "venue_id", "extra"}

    venue = make.venue()
    body = {"title": "Visite", "kind": "guided_tour", "venue_id": venue.id, "team": other_organiser.team.name}
    response = client.post("/api/v1/events", json=body, headers=organiser.headers)
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"team"}

    response = client.post("/api/v1/events", json={**body, "team": None, "venue_id": 999999},
                           headers=organiser.headers)
    assert response.status_code == 422


def test_patch_event_publishes_it(client, organiser, own_event):
    response = client.patch(f"/api/v1/events/{own_event.id}", json={"status": "published", "title": "Nouveau titre"},
                            headers=organiser.headers)

    assert response.status_code == 200
    assert response.get_json()["status"] == "published" and response.get_json()["title"] == "Nouveau titre"
    assert client.get(f"/api/v1/events/{own_event.id}").status_code == 200


def test_patch_event_cancelled_cancels_its_sessions_and_bookings(client, make, organiser, own_session):
    registration = make.registration(own_session)

    response = client.patch(f"/api/v1/events/{own_session.event_id}", json={"status": "cancelled"},
                            headers=organiser.headers)

    assert response.status_code == 200
    assert response.get_json()["sessions"][0]["status"] == "cancelled"
    assert db.session.get(Registration, registration.id).status == "cancelled"


# -- Sessions ----------------------------------------------------------------------------


def test_add_session_takes_times_with_offsets(client, organiser, own_event):
    body = {"starts_at": "2030-03-14T18:30:00+01:00", "ends_at": "2030-03-14T20:00:00+01:00", "capacity": 30,
            "waitlist_enabled": False, "max_seats_per_registration": 6}

    response = client.post(f"/api/v1/events/{own_event.id}/sessions", json=body, headers=organiser.headers)

    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["starts_at"] == "2030-03-14T18:30:00+01:00"
    assert created["capacity"] == 30 and created["seats_left"] == 30 and created["waitlist_enabled"] is False
    stored = db.session.get(Session, created["id"])
    assert stored.starts_at == datetime(2030, 3, 14, 17, 30, tzinfo=UTC)


def test_add_session_refuses_naive_times_and_an_end_before_the_start(client, organiser, own_event):
    url = f"/api/v1/events/{own_event.id}/sessions"

    naive = client.post(url, json={"starts_at": "2030-03-14T18:30:00", "ends_at": "2030-03-14T20:00:00",
                                   "capacity": 10}, headers=organiser.headers)
    backwards = client.post(url, json={"starts_at": at(10, 20), "ends_at": at(10, 18), "capacity": 10},
                            headers=organiser.headers)
    far = client.post(url, json={"starts_at": "9999-12-31T23:00:00-14:00", "ends_at": "9999-12-31T23:30:00-14:00",
                                 "capacity": 10}, headers=organiser.headers)

    assert naive.status_code == 422
    assert set(error_of(naive)["fields"]) == {"starts_at", "ends_at"}
    assert "offset" in error_of(naive)["fields"]["starts_at"]
    assert backwards.status_code == 422 and set(error_of(backwards)["fields"]) == {"ends_at"}
    assert far.status_code == 422


def test_patch_session_capacity_promotes_the_waiting_list(client, make, organiser, own_session):
    make.registration(own_session, seats=2)
    waiting = make.registration(own_session, seats=1)

    response = client.patch(f"/api/v1/sessions/{own_session.id}", json={"capacity": 3}, headers=organiser.headers)

    assert response.status_code == 200
    assert response.get_json()["capacity"] == 3 and response.get_json()["seats_left"] == 0
    assert db.session.get(Registration, waiting.id).status == "confirmed"


def test_patch_session_times_reschedules_and_tells_attendees(client, make, organiser, own_session):
    registration = make.registration(own_session)

    response = client.patch(f"/api/v1/sessions/{own_session.id}",
                            json={"starts_at": at(20, 14), "ends_at": at(20, 16)}, headers=organiser.headers)

    assert response.status_code == 200
    assert has_offset(response.get_json()["starts_at"])
    kinds = db.session.scalars(sa.select(OutboxMessage.kind).where(OutboxMessage.registration_id == registration.id))
    assert "rescheduled" in set(kinds)


def test_patch_session_status_cancelled_cancels_it_once(client, make, organiser, own_session):
    registration = make.registration(own_session)
    url = f"/api/v1/sessions/{own_session.id}"

    response = client.patch(url, json={"status": "cancelled"}, headers=organiser.headers)

    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert db.session.get(Registration, registration.id).status == "cancelled"
    for change in ({"starts_at": at(30), "ends_at": at(30, 20)}, {"capacity": 40}, {"status": "cancelled"}):
        again = client.patch(url, json=change, headers=organiser.headers)
        assert again.status_code == 409 and error_of(again)["code"] == "cancelled"
    assert db.session.get(Session, own_session.id).capacity == 2
    assert client.patch(url, json={"status": "scheduled"}, headers=organiser.headers).status_code == 422


# -- Attendees -----------------------------------------------------------------------------


def test_list_registrations_gives_every_registration_in_arrival_order(client, make, organiser, own_session):
    question = Question(event=own_session.event, label="Venez-vous en groupe ?", kind="short_text", position=1)
    db.session.add(question)
    db.session.commit()
    answers = {str(question.id): "oui"}
    first = make.registration(own_session, seats=2)
    waiting = make.registration(own_session, seats=1, answers=answers)
    gone = make.registration(make.session(event=own_session.event))  # another session: not listed
    client.delete(f"/api/v1/registrations/{gone.manage_token}")

    response = client.get(f"/api/v1/sessions/{own_session.id}/registrations", headers=organiser.headers)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    listed = response.get_json()["registrations"]
    assert [r["id"] for r in listed] == [first.id, waiting.id]
    assert [r["status"] for r in listed] == ["confirmed", "waitlisted"]
    assert listed[1]["waitlist_position"] == 1 and listed[1]["answers"] == answers
    assert "manage_token" not in listed[0]
    assert listed[0]["checked_in_at"] is None and has_offset(listed[0]["created_at"])


def test_check_in_marks_arrival_and_can_be_undone(client, make, organiser, own_session):
    registration = make.registration(own_session)
    url = f"/api/v1/registrations/{registration.id}/check-in"

    arrived = client.post(url, headers=organiser.headers)
    undone = client.post(url, json={"undo": True}, headers=organiser.headers)

    assert arrived.status_code == 200 and has_offset(arrived.get_json()["checked_in_at"])
    assert undone.status_code == 200 and undone.get_json()["checked_in_at"] is None


def test_check_in_of_some_seats_only(client, make, organiser, own_session):
    registration = make.registration(own_session, seats=2)
    url = f"/api/v1/registrations/{registration.id}/check-in"

    some = client.post(url, json={"seats": 1}, headers=organiser.headers)
    too_many = client.post(url, json={"seats": 3}, headers=organiser.headers)
    rest = client.post(url, headers=organiser.headers)

    assert some.status_code == 200 and some.get_json()["seats_checked_in"] == 1
    assert too_many.status_code == 422 and "seats" in too_many.get_json()["error"]["fields"]
    assert rest.status_code == 200 and rest.get_json()["seats_checked_in"] == 2
    assert rest.get_json()["checked_in_at"] == some.get_json()["checked_in_at"]  # the first arrival's time stays
    assert client.post(url, json={"seats": "1"}, headers=organiser.headers).status_code == 422


def test_check_in_of_a_waiting_party_is_409(client, make, organiser, own_session):
    make.registration(own_session, seats=2)
    waiting = make.registration(own_session)

    response = client.post(f"/api/v1/registrations/{waiting.id}/check-in", headers=organiser.headers)

    assert response.status_code == 409 and error_of(response)["code"] == "not_confirmed"


# -- Venues ----------------------------------------------------------------------------------


def test_venues_are_listed_and_created(client, make, organiser):
    make.venue(name="La Citadelle", city="Marseille")

    created = client.post("/api/v1/venues", json={"name": "H7", "address": "70 quai Perrache", "city": "Lyon"},
                          headers=organiser.headers)
    listed = client.get("/api/v1/venues", headers=organiser.headers)

    assert created.status_code == 201 and created.get_json()["timezone"] == "Europe/Paris"
    assert [v["city"] for v in listed.get_json()["venues"]] == ["Lyon", "Marseille"]


def test_venue_with_an_unknown_time_zone_is_422(client, organiser):
    response = client.post("/api/v1/venues", json={"name": "H7", "address": "1 rue", "city": "Lyon",
                                                   "timezone": "Mars/Olympus"}, headers=organiser.headers)

    assert response.status_code == 422 and set(error_of(response)["fields"]) == {"timezone"}


# -- Team scope --------------------------------------------------------------------------------


def test_another_teams_resources_answer_404(client, make, organiser, other_organiser, own_session):
    registration = make.registration(own_session)
    headers = other_organiser.headers
    requests = [
        ("patch", f"/api/v1/events/{own_session.event_id}", {"title": "Pris"}),
        ("post", f"/api/v1/events/{own_session.event_id}/sessions",
         {"starts_at": at(5), "ends_at": at(5, 20), "capacity": 5}),
        ("patch", f"/api/v1/sessions/{own_session.id}", {"capacity": 50}),
        ("get", f"/api/v1/sessions/{own_session.id}/registrations", None),
        ("post", f"/api/v1/registrations/{registration.id}/check-in", None),
    ]

    for method, url, body in requests:
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code == 404, (method, url)
        assert error_of(response)["code"] == "not_found"
    assert db.session.get(Session, own_session.id).capacity == 2
    assert db.session.get(Registration, registration.id).checked_in_at is None


def test_an_admin_token_reaches_every_team(client, make, own_session):
    admin = make.user("admin@example.org", role="admin")
    headers = {"Authorization": f"Bearer {new_token(admin)}"}

    response = client.get(f"/api/v1/sessions/{own_session.id}/registrations", headers=headers)

    assert response.status_code == 200


def test_a_cancelled_event_gets_no_new_session(client, organiser, own_event):
    client.patch(f"/api/v1/events/{own_event.id}", json={"status": "cancelled"}, headers=organiser.headers)

    response = client.post(f"/api/v1/events/{own_event.id}/sessions",
                           json={"starts_at": at(5), "ends_at": at(5, 20), "capacity": 5}, headers=organiser.headers)

    assert response.status_code == 409 and error_of(response)["code"] == "cancelled"


def test_an_organiser_grows_a_group_within_the_seats_left(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=5, max_seats_per_registration=2)
    group = make.registration(session, seats=1)
    make.registration(session, seats=2)
    url = f"/api/v1/registrations/{group.id}/seats"

    grown = client.post(url, json={"seats": 3}, headers=organiser.headers)  # beyond the public maximum
    too_many = client.post(url, json={"seats": 4}, headers=organiser.headers)
    beyond_capacity = client.post(url, json={"seats": 6}, headers=organiser.headers)

    assert grown.status_code == 200 and grown.get_json()["seats"] == 3
    assert too_many.status_code == 409 and error_of(too_many)["code"] == "full"
    assert beyond_capacity.status_code == 422 and set(error_of(beyond_capacity)["fields"]) == {"seats"}


def test_seats_of_another_teams_booking_are_not_found(client, make, organiser):
    other = make.registration(make.session())
    response = client.post(f"/api/v1/registrations/{other.id}/seats", json={"seats": 2}, headers=organiser.headers)
    assert response.status_code == 404
