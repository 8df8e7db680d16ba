"""Safe retries of the API's booking POST: the Idempotency-Key header (DESIGN.md, "Safe retries")."""

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from booking.extensions import db
from booking.models import IdempotencyKey, Registration, utcnow
from booking.services import idempotency
from tests.api.conftest import error_of


def book(client, session_id: int, key: str | None = None, **body):
    body = {"name": "Camille Martin", "email": "camille@example.org", **body}
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"/api/v1/sessions/{session_id}/registrations", json=body, headers=headers)


def registrations_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


def new_key() -> str:
    return str(uuid.uuid4())


def test_the_same_key_and_body_replays_the_first_answer_and_books_once(client, make):
    session = make.session(capacity=5)
    key = new_key()

    first = book(client, session.id, key, seats=2)
    again = book(client, session.id, key, seats=2)

    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert registrations_count() == 1


def test_a_replay_answers_the_first_answer_even_after_the_booking_changed(client, make):
    session = make.session(capacity=5)
    key = new_key()
    first = book(client, session.id, key)
    client.delete(f"/api/v1/registrations/{first.get_json()['manage_token']}")

    again = book(client, session.id, key)

    assert again.status_code == 201 and again.get_json() == first.get_json()


def test_the_same_key_with_another_body_is_refused(client, make):
    session = make.session(capacity=5)
    key = new_key()
    book(client, session.id, key, seats=1)

    other = book(client, session.id, key, seats=2)

    assert other.status_code == 422
    assert error_of(other)["code"] == "idempotency_key_reused"
    assert registrations_count() == 1


def test_the_same_key_on_another_session_is_another_request(client, make):
    first, second = make.session(), make.session()
    key = new_key()
    book(client, first.id, key)

    other = book(client, second.id, key)

    assert other.status_code == 422 and error_of(other)["code"] == "idempotency_key_reused"


@pytest.mark.parametrize("key", ["short", "x" * 129, "has spaces in it here", "ключ-ключ-ключ-ключ", ""])
def test_a_malformed_key_is_refused_naming_the_header(client, make, key):
    session = make.session()

    response = book(client, session.id, key)

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"Idempotency-Key"}
    assert registrations_count() == 0


def test_a_refusal_is_not_remembered_so_the_same_key_asks_again(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=1, waitlist_enabled=False)
    make.registration(session)
    key = new_key()

    refused = book(client, session.id, key)
    client.patch(f"/api/v1/sessions/{session.id}", json={"capacity": 2}, headers=organiser.headers)
    retried = book(client, session.id, key)

    assert refused.status_code == 409
    assert retried.status_code == 201


def test_keys_expire_after_24_hours(client, make, monkeypatch):
    session = make.session(capacity=5, starts_in=timedelta(days=5))
    key = new_key()
    book(client, session.id, key, email="ana@example.org")
    later = utcnow() + idempotency.KEY_LIFETIME + timedelta(seconds=1)
    monkeypatch.setattr(idempotency, "utcnow", lambda: later)  # the clock moves on a day

    reused = book(client, session.id, key, email="bruno@example.org")

    assert reused.status_code == 201  # the key is forgotten: another body is a new booking
    assert registrations_count() == 2


def test_purge_deletes_only_expired_keys(client, make):
    session = make.session(capacity=5)
    book(client, session.id, new_key(), email="ana@example.org")
    book(client, session.id, new_key(), email="bruno@example.org")
    db.session.execute(sa.update(IdempotencyKey).where(IdempotencyKey.id == 1)
                       .values(expires_at=utcnow() - timedelta(minutes=1)))

    purged = idempotency.purge_expired(utcnow())
    db.session.commit()

    assert purged == 1
    assert db.session.scalars(sa.select(IdempotencyKey.id)).all() == [2]
    assert idempotency.purge_expired(utcnow() + idempotency.KEY_LIFETIME) == 1


def test_nothing_runs_against_the_database_after_the_booking_commits(app, client, make):
    session = make.session(capacity=1)  # the second booking goes to the waiting list
    make.registration(session)
    statements: list[tuple[bool, str]] = []
    committed = []

    def on_execute(_conn, _cursor, statement, *_args):
        statements.append((bool(committed), statement))

    def on_commit(_conn):
        committed.append(True)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    event.listen(db.engine, "commit", on_commit)
    try:
        response = book(client, session.id, new_key())
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
        event.remove(db.engine, "commit", on_commit)

    assert response.status_code == 201
    assert response.get_json()["status"] == "waitlisted" and response.get_json()["waitlist_position"] == 1
    assert committed and statements
    assert [s for after, s in statements if after] == []


def test_the_openapi_document_describes_the_header(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    operation = spec["paths"]["/api/v1/sessions/{session_id}/registrations"]["post"]

    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"] if p["in"] == "header"]


def test_the_reference_page_lists_the_header(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)

    assert "Idempotency-Key" in page


def test_the_worker_forgets_the_kept_answers_once_their_24_hours_are_over(client, make, runner):
    session = make.session(capacity=5)
    book(client, session.id, new_key(), email="ana@example.org")
    kept_until = db.session.scalar(sa.select(IdempotencyKey.expires_at))

    early = runner.invoke(args=["booking", "tick", "--now", (kept_until - timedelta(minutes=1)).isoformat()])
    assert "idempotency-keys-purge: ran, 0 expired idempotency key(s) deleted." in early.output
    late = runner.invoke(args=["booking", "tick", "--now", (kept_until + timedelta(hours=1)).isoformat()])

    assert "idempotency-keys-purge: ran, 1 expired idempotency key(s) deleted." in late.output
    assert db.session.scalars(sa.select(IdempotencyKey.id)).all() == []
