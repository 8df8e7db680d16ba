"""The statements one booking runs, counted (issue 21): each is a round trip, most of them while the
session is locked, so a new one must be a choice, not an accident. Counts, never timings.

Transaction control (BEGIN, COMMIT) is left out. PostgreSQL and SQLite run the same statements:
on PostgreSQL the session's lock also takes the email's (``locking.lock_session``).
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import OutboxMessage, Registration, RegistrationStatus
from booking.services import bookings
from tests.conftest import Builders
from tests.statements import recorded_statements, without_transaction_control

# What one booking reads and writes, in order, on the service's hot path.
BOOKING = ["lock the session, with its event, venue, team and questions",
           "the person's history: same session, today's bookings, missed sessions",
           "UPDATE sessions (seats taken)", "INSERT registrations", "INSERT outbox_messages"]


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture
def make(any_app):
    return Builders()


@pytest.fixture
def client(any_app):
    client = any_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@contextmanager
def booking_statements() -> Iterator[list[str]]:
    """The statements the block runs but transaction control, each on one line."""
    seen: list[str] = []
    with recorded_statements() as statements:
        yield seen
    seen.extend(" ".join(statement.split()) for statement, _ in without_transaction_control(statements))


def _listed(statements: list[str]) -> str:
    return "\n".join(statement[:120] for statement in statements)


def _email() -> str:
    return f"p{uuid.uuid4().hex[:10]}@example.org"


def _book(session_id: int, email: str, seats: int = 1) -> Registration:
    registration = bookings.book(session_id, bookings.BookingRequest(name="Inès", email=email, seats=seats),
                                 key=settings.pseudonym_key())
    db.session.commit()
    return registration


def test_a_confirmed_booking_runs_five_statements(make):
    session = make.session(capacity=10)
    make.registration(session)  # not the first: nothing is loaded for the first time only
    session_id = session.id
    db.session.remove()
    with booking_statements() as statements:
        registration = _book(session_id, _email())
    assert registration.status == RegistrationStatus.CONFIRMED
    assert len(statements) == len(BOOKING), _listed(statements)
    assert [s.split()[0] for s in statements] == ["SELECT", "SELECT", "UPDATE", "INSERT", "INSERT"]


def test_on_postgresql_the_sessions_lock_takes_the_emails_lock_first(pg_app):
    make = Builders()
    session = make.session(capacity=10)
    session_id = session.id
    db.session.remove()
    with booking_statements() as statements:
        _book(session_id, _email())
    lock = statements[0]
    assert lock.startswith("SELECT sessions.id") and "FOR UPDATE OF sessions" in lock
    # In the statement's WHERE, as a subquery PostgreSQL runs once before reading the session's row
    # (tests/integration/test_concurrency_postgres.py shows a wait for it holds no row).
    assert "(SELECT pg_advisory_xact_lock(" in lock.split(" WHERE ", 1)[1]


def test_a_person_who_missed_sessions_costs_no_more_statements(make):
    """The missed-sessions note is read with the person's history, not after."""
    session, past = make.session(capacity=10), make.session(capacity=10)
    email = _email()
    missed = make.registration(past, email=email)
    db.session.get(Registration, missed.id).no_show_at = missed.created_at
    db.session.commit()
    session_id = session.id
    db.session.remove()
    with booking_statements() as statements:
        _book(session_id, email)
    assert len(statements) == len(BOOKING), _listed(statements)


def test_a_place_on_the_waiting_list_reads_its_position_instead_of_taking_seats(make):
    session = make.session(capacity=1, waitlist_enabled=True)
    make.registration(session)
    session_id = session.id
    db.session.remove()
    with booking_statements() as statements:
        registration = _book(session_id, _email())
    assert registration.status == RegistrationStatus.WAITLISTED
    # No seats taken, so no UPDATE of the session; its position in the queue, for the email, instead.
    assert [s.split()[0] for s in statements] == ["SELECT", "SELECT", "INSERT", "SELECT", "INSERT"]


def test_the_api_answers_from_what_was_written_with_one_statement_more(make, client):
    session = make.session(capacity=10)
    make.registration(session)
    session_id = session.id
    db.session.remove()
    with booking_statements() as statements:
        response = client.post(f"/api/v1/sessions/{session_id}/registrations", json={"name": "Inès", "email": _email()})
    assert response.status_code == 201, response.get_json()
    # The answer's waiting-list count, read before the commit; nothing after it.
    assert len(statements) == len(BOOKING) + 1, _listed(statements)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2


def test_an_idempotency_key_costs_three_statements(make, client):
    session = make.session(capacity=10)
    make.registration(session)
    session_id = session.id
    db.session.remove()
    with booking_statements() as statements:
        response = client.post(f"/api/v1/sessions/{session_id}/registrations", json={"name": "Inès", "email": _email()},
                               headers={"Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 201, response.get_json()
    # The key looked up and claimed first, the answer kept with it at the end.
    assert len(statements) == len(BOOKING) + 1 + 3, _listed(statements)


def test_the_booking_form_runs_the_booking_plus_its_page_and_nonce(make, client):
    session = make.session(capacity=10)
    make.registration(session)
    session_id = session.id
    db.session.remove()
    with booking_statements() as statements:
        response = client.post(f"/sessions/{session_id}/book", data={
            "name": "Inès", "email": _email(), "seats": "1", "consent": "y", "nonce": uuid.uuid4().hex + "abcdefghijk"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    # The session with its event and its questions (the form), the nonce looked up, claimed and answered.
    assert len(statements) == len(BOOKING) + 2 + 3, _listed(statements)
