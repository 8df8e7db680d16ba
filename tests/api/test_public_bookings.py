"""POST /api/v1/sessions/{id}/registrations, GET, PATCH and DELETE /api/v1/registrations/{manage_token}."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, Question, Registration, utcnow
from tests.api.conftest import error_of, has_offset

CREATED_FIELDS = {"id", "status", "seats", "waitlist_position", "manage_token", "manage_url", "ics_url"}


def book(client, session_id, **fields):
    body = {"name": "Camille Martin", "email": "camille@example.org", **fields}
    return client.post(f"/api/v1/sessions/{session_id}/registrations", json=body)


def add_question(event, **fields) -> Question:
    question = Question(event=event, **{"label": "Régime alimentaire", "kind": "short_text", **fields})
    db.session.add(question)
    db.session.commit()
    return question


def test_booking_confirms_and_answers_201_with_its_links(client, make):
    session = make.session(capacity=5)
    diet = add_question(session.event)

    response = book(client, session.id, seats=2, locale="en", answers={str(diet.id): "vegetarian"})

    assert response.status_code == 201
    body = response.get_json()
    assert CREATED_FIELDS <= set(body)
    assert body["status"] == "confirmed" and body["seats"] == 2 and body["waitlist_position"] is None
    token = body["manage_token"]
    assert len(token) >= 22  # at least 128 bits
    assert body["manage_url"] == f"http://guichet.test/r/{token}"
    assert body["ics_url"] == f"http://guichet.test/r/{token}.ics"
    assert response.headers["Location"].endswith(f"/api/v1/registrations/{token}")
    assert body["session"]["seats_left"] == 3
    assert has_offset(body["created_at"]) and has_offset(body["confirmed_at"])
    stored = db.session.get(Registration, body["id"])
    assert (stored.locale, stored.answers) == ("en", {str(diet.id): "vegetarian"})
    assert db.session.scalar(sa.select(OutboxMessage.kind).where(OutboxMessage.registration_id == body["id"]))


def test_seats_default_to_one(client, make):
    session = make.session()

    assert book(client, session.id).get_json()["seats"] == 1


def test_booking_a_full_session_joins_the_waiting_list_with_a_position(client, make):
    session = make.session(capacity=1, waitlist_enabled=True)
    make.registration(session)

    response = book(client, session.id)

    assert response.status_code == 201
    assert response.get_json()["status"] == "waitlisted"
    assert response.get_json()["waitlist_position"] == 1


def test_booking_refusals_are_409_with_the_rule_code(client, make):
    full = make.session(capacity=1, waitlist_enabled=False)
    make.registration(full)
    closed = make.session(registration_closes_at=utcnow() - timedelta(hours=1))
    not_yet = make.session(registration_opens_at=utcnow() + timedelta(days=1))
    cancelled = make.session(status="cancelled")
    taken = make.session()
    book(client, taken.id, email="Camille@Example.org")

    cases = {full.id: "full", closed.id: "closed", not_yet.id: "closed", cancelled.id: "cancelled",
             taken.id: "already_registered"}
    for session_id, code in cases.items():
        response = book(client, session_id)
        assert response.status_code == 409, (code, response.get_json())
        assert error_of(response)["code"] == code


def test_booking_input_errors_are_422_per_field(client, make):
    session = make.session()

    response = book(client, session.id, name="", email="not-an-email", seats=0, locale="de", answers=["x"],
                    phone="0102030405")

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "email", "seats", "locale", "answers", "phone"}
    assert all(isinstance(message, str) and message for message in error["fields"].values())


def test_answers_are_checked_against_the_events_questions(client, make):
    session = make.session()
    diet = add_question(session.event, required=True)
    bus = add_question(session.event, label="Navette ?", kind="yes_no")
    room = add_question(session.event, label="Salle", kind="choice", choices=["A", "B"])

    missing = book(client, session.id, answers={str(room.id): "C"})
    ok = book(client, session.id, answers={str(diet.id): "sans gluten", str(bus.id): True, "999": "ignored"})

    assert missing.status_code == 422
    assert set(error_of(missing)["fields"]) == {f"answers.{diet.id}", f"answers.{room.id}"}
    assert ok.status_code == 201, ok.get_json()
    assert ok.get_json()["answers"] == {str(diet.id): "sans gluten", str(bus.id): "yes"}


def test_more_seats_than_the_session_allows_is_422_from_the_booking_service(client, make):
    session = make.session(max_seats_per_registration=2)

    response = book(client, session.id, seats=3)

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"seats"}


def test_booking_body_that_is_not_json_is_400(client, make):
    session = make.session()
    url = f"/api/v1/sessions/{session.id}/registrations"

    broken = client.post(url, data='{"name": ', content_type="application/json")
    as_form = client.post(url, data={"name": "Camille", "email": "c@example.org"})

    for response in (broken, as_form):
        assert response.status_code == 400
        assert error_of(response)["code"] == "invalid_json"


def test_booking_body_over_one_mebibyte_is_413(client, make):
    session = make.session()

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", data=b" " * (1024 * 1024 + 1),
                           content_type="application/json")

    assert response.status_code == 413
    assert error_of(response)["code"] == "request_entity_too_large"


def test_booking_unknown_or_draft_session_is_404(client, make):
    draft = make.session(event=make.event(status="draft"))

    for session_id in (draft.id, 424242):
        response = book(client, session_id)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_booking_needs_no_csrf_token_even_with_csrf_on(make, app):
    app.config["WTF_CSRF_ENABLED"] = True
    session = make.session()

    response = book(app.test_client(), session.id)

    assert response.status_code == 201


def test_public_writes_carry_no_cors_header(client, make):
    session = make.session()

    response = book(client, session.id)

    assert "Access-Control-Allow-Origin" not in response.headers


def test_registration_is_read_by_its_manage_token(client, make):
    registration = make.registration(make.session(), seats=2)

    response = client.get(f"/api/v1/registrations/{registration.manage_token}")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["id"] == registration.id and body["seats"] == 2 and body["status"] == "confirmed"
    assert body["event_title"] == registration.session.event.title


def test_unknown_manage_token_is_404(client):
    for token in ("nope", "x" * 64, "x" * 65):
        response = client.get(f"/api/v1/registrations/{token}")
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_delete_cancels_and_promotes_the_first_waiting_party(client, make):
    session = make.session(capacity=2, waitlist_enabled=True)
    booked = make.registration(session, seats=2)
    waiting = make.registration(session, seats=2)

    response = client.delete(f"/api/v1/registrations/{booked.manage_token}")

    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    assert has_offset(response.get_json()["cancelled_at"])
    promoted = client.get(f"/api/v1/registrations/{waiting.manage_token}").get_json()
    assert promoted["status"] == "confirmed" and promoted["waitlist_position"] is None


def test_delete_twice_is_409_cancelled(client, make):
    registration = make.registration(make.session())
    client.delete(f"/api/v1/registrations/{registration.manage_token}")

    response = client.delete(f"/api/v1/registrations/{registration.manage_token}")

    assert response.status_code == 409
    assert error_of(response)["code"] == "cancelled"


def test_patch_changes_the_seats_and_frees_them_for_whoever_waits(client, make):
    session = make.session(capacity=3, waitlist_enabled=True)
    booked = make.registration(session, seats=3)
    waiting = make.registration(session, seats=1)

    response = client.patch(f"/api/v1/registrations/{booked.manage_token}", json={"seats": 2})

    assert response.status_code == 200 and response.get_json()["seats"] == 2
    assert client.get(f"/api/v1/registrations/{waiting.manage_token}").get_json()["status"] == "confirmed"


@pytest.mark.parametrize("body, status, code", [
    ({"seats": 4}, 409, "full"),
    ({"seats": 0}, 422, "invalid"),
    ({"seats": "2"}, 422, "invalid"),
    ({}, 422, "invalid"),
    ({"seats": 2, "name": "Someone else"}, 422, "invalid"),
])
def test_patch_refusals_keep_the_booking_as_it_was(client, make, body, status, code):
    session = make.session(capacity=3)
    booked = make.registration(session, seats=1)
    make.registration(session, seats=1)

    response = client.patch(f"/api/v1/registrations/{booked.manage_token}", json=body)

    assert response.status_code == status and error_of(response)["code"] == code
    assert client.get(f"/api/v1/registrations/{booked.manage_token}").get_json()["seats"] == 1
