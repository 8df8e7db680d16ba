"""When the database goes away: 503 with Retry-After (never 500), and answers that never lie.

The PostgreSQL half (connections cut for real) is in test_database_faults_postgres.py.
"""

import re
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from booking import create_app
from booking.extensions import db
from booking.models import IdempotencyKey, Registration
from config import TestingConfig
from tests.account.helpers import sign_in, signed_in_user_id

# Nothing listens on port 1: every connection attempt is refused at once.
UNREACHABLE = "postgresql+psycopg://guichet@127.0.0.1:1/guichet?connect_timeout=2"


class Lost(Exception):
    """What a driver raises when the server closed the connection."""


def connection_lost() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("COMMIT", None, Lost("server closed the connection unexpectedly"),
                                   connection_invalidated=True)


@pytest.fixture
def unreachable_app(tmp_path):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = UNREACHABLE
        MAIL_OUTBOX_DIR = str(tmp_path / "outbox")

    app = create_app(Config)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_pooled_connections_are_checked_before_use(app):
    assert db.engine.pool._pre_ping is True


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/events/1"])
def test_the_api_answers_503_unavailable_when_the_database_is_unreachable(unreachable_app, path):
    response = unreachable_app.test_client().get(path)

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) > 0


def test_an_api_booking_answers_503_when_the_database_is_unreachable(unreachable_app):
    response = unreachable_app.test_client().post(
        "/api/v1/sessions/1/registrations", json={"name": "Ana", "email": "ana@example.org"},
        headers={"Idempotency-Key": str(uuid.uuid4())})

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"
    assert response.headers["Retry-After"]


@pytest.mark.parametrize("path", ["/", "/sessions/1/book"])
def test_pages_answer_a_calm_503_page_when_the_database_is_unreachable(unreachable_app, path):
    client = unreachable_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    response = client.get(path)

    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.mimetype == "text/html"
    assert "briefly unavailable" in page and "Traceback" not in page


def test_the_503_page_speaks_french(unreachable_app):
    client = unreachable_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"

    page = client.get("/").get_data(as_text=True)

    assert "momentanément indisponible" in page


# -- A commit whose answer is lost with the connection -----------------------------------------


def book(client, session_id: int, email: str = "ana@example.org"):
    return client.post(f"/api/v1/sessions/{session_id}/registrations", json={"name": "Ana", "email": email})


@pytest.fixture
def answer_of_next_commit_lost(app):
    """Once armed, the next COMMIT reaches the database, then the connection drops before its answer comes back."""
    armed, fired = [], []

    def commit_then_drop(connection):
        if armed and not fired:
            fired.append(True)
            connection.connection.dbapi_connection.commit()  # the database commits...
            raise connection_lost()  # ...and the answer is lost on the way back

    event.listen(db.engine, "commit", commit_then_drop)
    yield lambda: armed.append(True) or fired
    event.remove(db.engine, "commit", commit_then_drop)


@pytest.fixture
def next_commit_lost(app):
    """Once armed, the connection drops as the next COMMIT is sent: the database never commits."""
    armed, fired = [], []

    def drop(_connection):
        if armed and not fired:
            fired.append(True)
            raise connection_lost()

    event.listen(db.engine, "commit", drop)
    yield lambda: armed.append(True) or fired
    event.remove(db.engine, "commit", drop)


def test_a_booking_committed_before_the_connection_dropped_answers_201(client, make, answer_of_next_commit_lost):
    session = make.session(capacity=5)
    fired = answer_of_next_commit_lost()

    response = book(client, session.id)

    assert fired
    assert response.status_code == 201
    stored = db.session.scalar(sa.select(Registration))
    assert stored.manage_token == response.get_json()["manage_token"] and stored.id == response.get_json()["id"]


def test_a_booking_whose_commit_never_happened_answers_503_and_is_not_stored(client, make, next_commit_lost):
    session = make.session(capacity=5)
    fired = next_commit_lost()

    response = book(client, session.id)

    assert fired
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "unavailable"
    assert response.headers["Retry-After"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
    assert book(client, session.id).status_code == 201  # the same booking, sent again, is made


def test_a_form_booking_committed_before_the_connection_dropped_lands_on_the_booking(
        client, make, answer_of_next_commit_lost):
    session = make.session(capacity=5)
    assert not answer_of_next_commit_lost()

    response = client.post(f"/sessions/{session.id}/book",
                           data={"name": "Ana", "email": "ana@example.org", "seats": "1", "consent": "y"})

    stored = db.session.scalar(sa.select(Registration))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/r/{stored.manage_token}/booked")


def test_a_form_booking_whose_commit_never_happened_shows_the_calm_page(client, make, next_commit_lost):
    session = make.session(capacity=5)
    assert not next_commit_lost()

    response = client.post(f"/sessions/{session.id}/book",
                           data={"name": "Ana", "email": "ana@example.org", "seats": "1", "consent": "y"})

    assert response.status_code == 503 and "briefly unavailable" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


# -- The booking form sent twice ------------------------------------------------------------------


def nonce_of(page: str) -> str:
    [nonce] = re.findall(r'name="nonce" type="hidden" value="([^"]+)"', page)
    return nonce


def submit(client, session_id: int, nonce: str | None, email: str = "ana@example.org"):
    data = {"name": "Ana", "email": email, "seats": "1", "consent": "y"}
    if nonce is not None:
        data["nonce"] = nonce
    return client.post(f"/sessions/{session_id}/book", data=data)


def test_each_booking_form_carries_its_own_nonce(client, make):
    session = make.session()

    first = nonce_of(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))
    second = nonce_of(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))

    assert first != second and len(first) >= 43


def test_a_form_sent_twice_lands_on_the_same_booking(client, make):
    session = make.session(capacity=5)
    nonce = nonce_of(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))

    first = submit(client, session.id, nonce)
    second = submit(client, session.id, nonce)

    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
    assert "You are booked" in client.get(second.headers["Location"]).get_data(as_text=True)


def test_someone_else_with_the_same_email_is_told_already_registered_not_shown_the_booking(client, make):
    session = make.session(capacity=5)
    mine = submit(client, session.id, nonce_of(client.get(f"/sessions/{session.id}/book").get_data(as_text=True)))
    token = db.session.scalar(sa.select(Registration.manage_token))

    stranger = client.application.test_client()
    stranger.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    their_nonce = nonce_of(stranger.get(f"/sessions/{session.id}/book").get_data(as_text=True))
    attempts = [submit(stranger, session.id, their_nonce), submit(stranger, session.id, None),
                submit(stranger, session.id, "made-up-nonce-" + "a" * 30)]

    assert mine.status_code == 303
    for response in attempts:
        page = response.get_data(as_text=True)
        assert response.status_code == 409
        assert "already has a booking for this session" in page
        assert token not in page and "Location" not in response.headers


def test_a_used_nonce_sent_with_another_email_books_that_email_instead(client, make):
    session = make.session(capacity=5)
    nonce = nonce_of(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))
    first = submit(client, session.id, nonce, email="ana@example.org")

    other = submit(client, session.id, nonce, email="bruno@example.org")

    assert other.status_code == 303 and other.headers["Location"] != first.headers["Location"]
    assert sorted(db.session.scalars(sa.select(Registration.email))) == ["ana@example.org", "bruno@example.org"]


def test_a_refused_form_keeps_its_nonce_and_remembers_nothing(client, make):
    session = make.session(capacity=5)
    make.registration(session, email="ana@example.org")
    nonce = nonce_of(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))

    refused = submit(client, session.id, nonce)

    assert refused.status_code == 409
    assert nonce_of(refused.get_data(as_text=True)) == nonce
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


def test_a_signed_in_person_gets_the_calm_page_when_the_database_drops(app, client, make):
    make.user("ana@example.org")
    assert sign_in(client, "ana@example.org").status_code == 302
    assert signed_in_user_id(client) is not None

    def drop(_connection, _cursor, statement, *_args):
        raise connection_lost()  # every statement from now on: the database is gone

    event.listen(db.engine, "before_cursor_execute", drop)
    try:
        response = client.get("/account/bookings")
    finally:
        event.remove(db.engine, "before_cursor_execute", drop)

    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "briefly unavailable" in response.get_data(as_text=True)


def test_nothing_runs_against_the_database_after_a_form_booking_commits(app, client, make):
    session = make.session(capacity=5)
    nonce = nonce_of(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))
    statements, committed = [], []

    def on_execute(_conn, _cursor, statement, *_args):
        statements.append((bool(committed), statement))

    def on_commit(_conn):
        committed.append(True)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    event.listen(db.engine, "commit", on_commit)
    try:
        response = submit(client, session.id, nonce)
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
        event.remove(db.engine, "commit", on_commit)

    assert response.status_code == 303
    assert committed and statements
    assert [s for after, s in statements if after] == []
