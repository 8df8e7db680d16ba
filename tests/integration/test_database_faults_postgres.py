"""PostgreSQL's connections cut for real (pg_terminate_backend, what a restart or a failover does):
503 with Retry-After and never 500, no answer that lies about a booking, no overbooking, and the
pool recovers. Also: two requests with one Idempotency-Key at once book once and answer the same."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy import event

from booking import database
from booking.extensions import db
from booking.models import Registration
from booking.services import bookings, idempotency
from tests.integration.booking_race import booking_order_problems, invariant_problems, party_sizes, snapshot
from tests.integration.live_server import ConnectionCutter, serving

pytestmark = pytest.mark.postgres

POOL = 20
RUSH = 220
CLIENTS = 16
CAPACITY = 40
CUT_AFTER = (25, 70, 115, 160)  # answers given before each cut of every connection
AFTER_LAST_CUT = 12


@pytest.fixture
def app_config():
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": POOL, "max_overflow": 0, "pool_timeout": 30},
            "RATELIMIT_ENABLED": False}


@pytest.fixture
def cutter(pg_app, postgres_url, postgres_server_url):
    cutter = ConnectionCutter(postgres_server_url, postgres_url)
    yield cutter
    cutter.close()


def booking_body(index: int, seats: int = 1) -> dict:
    return {"name": f"Guest {index}", "email": f"guest{index}@example.org", "seats": seats}


def post_booking(url: str, session_id: int, body: dict, key: str) -> tuple[int, dict, dict]:
    response = requests.post(f"{url}/api/v1/sessions/{session_id}/registrations", json=body,
                             headers={"Idempotency-Key": key}, timeout=60)
    body = response.json() if response.headers.get("Content-Type") == "application/json" else {"raw": response.text}
    return response.status_code, body, dict(response.headers)


def stored_registrations(session_id: int) -> dict[str, Registration]:
    database.roll_back_quietly(db.session)  # a fresh look at what was committed (this connection may be cut)
    rows = db.session.scalars(sa.select(Registration).where(Registration.session_id == session_id))
    return {r.email: r for r in rows}


def test_a_rush_of_bookings_while_every_connection_is_cut_answers_truly(pg_app, pg_make, cutter):
    session_id = pg_make.session(capacity=CAPACITY, max_seats_per_registration=3).id
    sizes = party_sizes(RUSH + AFTER_LAST_CUT)
    keys = [f"rush-{i:04d}-{uuid.uuid4()}" for i in range(RUSH + AFTER_LAST_CUT)]
    answered = threading.Condition()
    progress = {"answered": 0}
    cuts: list[int] = []

    with serving(pg_app) as url:
        def attempt(index: int):
            answer = post_booking(url, session_id, booking_body(index, sizes[index]), keys[index])
            with answered:
                progress["answered"] += 1
                answered.notify_all()
            return answer

        def cut_while_booking():
            for threshold in CUT_AFTER:
                with answered:
                    if not answered.wait_for(lambda t=threshold: progress["answered"] >= t, timeout=120):
                        return
                cuts.append(cutter.cut_all())

        cutting = threading.Thread(target=cut_while_booking)
        cutting.start()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            answers = list(pool.map(attempt, range(RUSH)))
        cutting.join(timeout=120)

        # What the database holds once the rush is over, before anyone retries.
        stored = stored_registrations(session_id)
        # After the last cut: the next bookings all go through.
        after = [attempt(i) for i in range(RUSH, RUSH + AFTER_LAST_CUT)]
        # A client told 503 sends its booking again with the same key, and gets it.
        retried = {i: post_booking(url, session_id, booking_body(i, sizes[i]), keys[i])
                   for i, (status, _body, _headers) in enumerate(answers) if status != 201}

    assert len(cuts) == len(CUT_AFTER) and all(killed >= 1 for killed in cuts), cuts
    statuses = [status for status, _body, _headers in answers]
    assert set(statuses) <= {201, 503}, [a for a in answers if a[0] not in (201, 503)][:3]
    for status, body, headers in answers:
        if status == 503:
            assert body["error"]["code"] in ("unavailable", "busy") and int(headers["Retry-After"]) > 0
    # Every 201 is in the database as answered; no other answer left a booking behind.
    for index, (status, body, _headers) in enumerate(answers):
        registration = stored.get(f"guest{index}@example.org")
        if status == 201:
            assert registration is not None, f"guest{index} was told 201 but nothing is stored"
            assert (registration.id, registration.manage_token, registration.status, registration.seats) == (
                body["id"], body["manage_token"], body["status"], body["seats"])
        else:
            assert registration is None, f"guest{index} was told {status} but a booking is stored"
    assert len(stored) == statuses.count(201)
    snap = snapshot(pg_app, session_id)
    assert invariant_problems(snap) == []  # no overbooking, no counter drift
    assert booking_order_problems(snap, CAPACITY) == []
    assert [status for status, _body, _headers in after] == [201] * AFTER_LAST_CUT
    assert all(status == 201 for status, _body, _headers in retried.values()), retried


# -- Cuts at known moments -----------------------------------------------------------------------


def own_pid(connection) -> int:
    return connection.connection.dbapi_connection.info.backend_pid


@pytest.fixture
def cut_at(pg_app, cutter):
    """Arm a cut of the connection that runs the next statement matching ``fragment`` (or the next COMMIT)."""
    listeners = []

    def arm(fragment: str):
        fired = []

        if fragment == "COMMIT":
            def on_commit(connection):
                if not fired:
                    fired.append(True)
                    cutter.cut(own_pid(connection))
            listeners.append(("commit", on_commit))
        else:
            def on_commit(connection, _cursor, statement, *_args):
                if not fired and fragment in statement:
                    fired.append(True)
                    cutter.cut(own_pid(connection))
            listeners.append(("before_cursor_execute", on_commit))
        event.listen(db.engine, *listeners[-1])
        return fired

    yield arm
    for name, listener in listeners:
        event.remove(db.engine, name, listener)


@pytest.mark.parametrize("moment", ["INSERT INTO registrations", "COMMIT"])
def test_a_connection_cut_during_a_booking_answers_503_then_the_retry_books(pg_app, pg_make, cut_at, moment):
    session = pg_make.session(capacity=5)
    client = pg_app.test_client()
    key = str(uuid.uuid4())
    path = f"/api/v1/sessions/{session.id}/registrations"
    fired = cut_at(moment)

    cut = client.post(path, json=booking_body(1), headers={"Idempotency-Key": key})
    retry = client.post(path, json=booking_body(1), headers={"Idempotency-Key": key})

    assert fired
    assert cut.status_code == 503 and cut.get_json()["error"]["code"] == "unavailable"
    assert int(cut.headers["Retry-After"]) > 0
    assert retry.status_code == 201
    assert [r.manage_token for r in stored_registrations(session.id).values()] == [retry.get_json()["manage_token"]]


def test_a_form_booking_cut_mid_way_shows_the_calm_page_and_books_nothing(pg_app, pg_make, cut_at):
    session = pg_make.session(capacity=5)
    client = pg_app.test_client()
    cut_at("INSERT INTO registrations")

    response = client.post(f"/sessions/{session.id}/book",
                           data={"name": "Ana", "email": "ana@example.org", "seats": "1", "consent": "y"})

    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "<h1>" in response.get_data(as_text=True)
    assert stored_registrations(session.id) == {}


def test_idle_pooled_connections_cut_by_a_restart_are_replaced_unseen(pg_app, pg_make, cutter):
    pg_make.session()
    client = pg_app.test_client()
    with ThreadPoolExecutor(max_workers=4) as pool:  # a few connections wait in the pool
        assert set(pool.map(lambda _i: pg_app.test_client().get("/api/v1/events").status_code, range(8))) == {200}
    db.session.remove()

    assert cutter.cut_all() >= 1

    assert client.get("/api/v1/events").status_code == 200
    assert client.get("/").status_code == 200


# -- One key, two requests at once ----------------------------------------------------------------


def watch_key_conflicts(monkeypatch) -> list:
    """Notes each time a request found its key claimed by a running twin (the service's own behaviour, watched)."""
    claim, seen = idempotency.claim, []

    def watched(*args, **kwargs):
        try:
            return claim(*args, **kwargs)
        except idempotency.KeyTaken:
            seen.append(True)
            raise

    monkeypatch.setattr(idempotency, "claim", watched)
    return seen


def test_two_requests_with_one_key_at_once_book_once_and_answer_the_same(pg_app, pg_make, monkeypatch):
    session_id = pg_make.session(capacity=10).id
    book = bookings.book

    def register_then_linger(*args, **kwargs):
        registration = book(*args, **kwargs)
        time.sleep(0.2)  # the key's row stays uncommitted while the twin arrives and waits on it
        return registration

    monkeypatch.setattr(bookings, "book", register_then_linger)
    waited = watch_key_conflicts(monkeypatch)
    keys = [str(uuid.uuid4()) for _ in range(3)]
    jobs = [(key, index) for index, key in enumerate(keys) for _twin in range(2)]
    barrier = threading.Barrier(len(jobs))

    def send(job):
        key, index = job
        client = pg_app.test_client()
        barrier.wait(timeout=30)
        response = client.post(f"/api/v1/sessions/{session_id}/registrations", json=booking_body(index),
                               headers={"Idempotency-Key": key})
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        answers = list(pool.map(send, jobs))

    for pair in range(len(keys)):
        first, twin = answers[2 * pair], answers[2 * pair + 1]
        assert first[0] == twin[0] == 201, (first, twin)
        assert first[1] == twin[1]
    assert waited  # a twin did arrive while its key's first request ran, and waited for it
    stored = stored_registrations(session_id)
    assert sorted(stored) == sorted(f"guest{i}@example.org" for i in range(len(keys)))
    assert {r.manage_token for r in stored.values()} == {a[1]["manage_token"] for a in answers}


def test_a_form_sent_twice_at_once_lands_twice_on_one_booking(pg_app, pg_make, monkeypatch):
    session_id = pg_make.session(capacity=10).id
    book = bookings.book

    def register_then_linger(*args, **kwargs):
        registration = book(*args, **kwargs)
        time.sleep(0.2)
        return registration

    monkeypatch.setattr(bookings, "book", register_then_linger)
    data = {"name": "Ana", "email": "ana@example.org", "seats": "1", "consent": "y", "nonce": "n" * 43}
    barrier = threading.Barrier(2)

    def send(_i):
        client = pg_app.test_client()
        barrier.wait(timeout=30)
        response = client.post(f"/sessions/{session_id}/book", data=data)
        return response.status_code, response.headers.get("Location")

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = list(pool.map(send, range(2)))

    [registration] = stored_registrations(session_id).values()
    assert first == second == (303, f"/r/{registration.manage_token}/booked")
