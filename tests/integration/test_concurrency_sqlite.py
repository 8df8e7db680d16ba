"""Never overbook on SQLite: several processes, each with its own app, booking on one database file;
then concurrent cancellations; and a write lock that cannot be had answers "try again"."""

import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration
from booking.services import bookings
from booking.services.errors import TryAgainLater
from tests.integration.booking_race import (
    ATTEMPTS,
    CAPACITY,
    attempt_booking,
    attempt_cancel,
    booking_order_problems,
    build_app,
    invariant_problems,
    party_sizes,
    promotion_order_problems,
    snapshot,
)

PROCESSES = 4
THREADS_PER_PROCESS = 2
WAIT = 120  # seconds: a safety net against a hung child, never reached when things work
# SQLite's busy handler is not fair: under 8 writers on a loaded test machine one can wait
# longer than the 5 s of production. The race is about the rules; timeouts are tested below.
RACE_LOCK_TIMEOUT = 20


def process_worker(database_url, outbox_dir, session_id, jobs, start, cancel_start, plan, results):
    """One app server: books its share of ``jobs`` on a few threads, then cancels what it is told to."""
    app = build_app(database_url, MAIL_OUTBOX_DIR=outbox_dir, BOOKING_LOCK_TIMEOUT=RACE_LOCK_TIMEOUT)
    start.wait(timeout=WAIT)
    with ThreadPoolExecutor(THREADS_PER_PROCESS) as pool:
        answers = list(pool.map(lambda job: attempt_booking(app, session_id, *job), jobs))
    results.put(answers)
    targets = plan.get(timeout=WAIT)
    cancel_start.wait(timeout=WAIT)
    with ThreadPoolExecutor(max(1, len(targets))) as pool:
        results.put(list(pool.map(lambda rid: attempt_cancel(app, rid), targets)))


def test_bookings_from_several_processes_never_overbook_then_cancellations_promote_in_order(app, make, tmp_path):
    session_id = make.session(capacity=CAPACITY, max_seats_per_registration=3).id
    db.session.remove()
    jobs = list(enumerate(party_sizes(ATTEMPTS)))
    spawn = multiprocessing.get_context("spawn")  # fresh interpreters, as separate app servers
    start, cancel_start = spawn.Barrier(PROCESSES), spawn.Barrier(PROCESSES)
    plans, results = [spawn.Queue() for _ in range(PROCESSES)], spawn.Queue()
    workers = [
        spawn.Process(target=process_worker, daemon=True,
                      args=(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path / "outbox"), session_id,
                            jobs[k::PROCESSES], start, cancel_start, plans[k], results))
        for k in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    try:
        answers = [answer for _ in workers for answer in results.get(timeout=WAIT)]

        assert [a for a, _ in answers if a not in ("confirmed", "waitlisted")] == []  # every attempt answered
        after_booking = snapshot(app, session_id)
        assert len(after_booking.parties) == ATTEMPTS
        assert invariant_problems(after_booking) == []
        assert booking_order_problems(after_booking, CAPACITY) == []

        # Six confirmed bookings cancelled from every process at once, the first one by two processes.
        targets = after_booking.ids("confirmed")[::2][:6]
        assert len(targets) == 6
        shares = [targets[k::PROCESSES] for k in range(PROCESSES)]
        shares[1].append(targets[0])
        for plan, share in zip(plans, shares, strict=True):
            plan.put(share)
        outcomes = [outcome for _ in workers for outcome in results.get(timeout=WAIT)]
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()

    assert sorted(outcomes) == ["already_cancelled"] + ["cancelled"] * 6
    after_cancelling = snapshot(app, session_id)
    assert invariant_problems(after_cancelling) == []
    assert promotion_order_problems(after_booking, after_cancelling) == []


# -- The write lock held elsewhere --------------------------------------------------------------


@contextmanager
def write_lock_held(app):
    """Another process's transaction holding SQLite's write lock (BEGIN IMMEDIATE) on the same file."""
    db.session.remove()  # our own connection holds nothing either
    holder = sqlite3.connect(sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def count_registrations() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


@pytest.mark.parametrize("app_config", [{"BOOKING_LOCK_TIMEOUT": 1}])
def test_booking_that_cannot_get_the_write_lock_is_asked_to_try_again_and_writes_nothing(app, make):
    session_id = make.session(capacity=5).id
    with write_lock_held(app), pytest.raises(TryAgainLater):
        bookings.register(session_id, bookings.BookingRequest(name="Ana", email="ana@example.org"))
    db.session.rollback()
    assert count_registrations() == 0


@pytest.mark.parametrize("app_config", [{"BOOKING_LOCK_TIMEOUT": 1}])
def test_cancel_that_cannot_get_the_write_lock_is_asked_to_try_again(app, make):
    registration_id = make.registration(make.session(capacity=5)).id
    with write_lock_held(app), pytest.raises(TryAgainLater):
        bookings.cancel(registration_id)
    db.session.rollback()
    assert db.session.get(Registration, registration_id).is_confirmed


@pytest.mark.parametrize("app_config", [{"BOOKING_LOCK_TIMEOUT": 1}])
def test_booking_form_answers_503_while_the_write_lock_is_held(app, make, client):
    session_id = make.session(capacity=5).id
    with write_lock_held(app):
        response = client.post(f"/sessions/{session_id}/book",
                               data={"name": "Ana", "email": "ana@example.org", "seats": "1", "consent": "y"})
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert count_registrations() == 0
