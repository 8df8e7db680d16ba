"""Never overbook on SQLite: several processes, each with its own app, booking on one database file;
then concurrent cancellations; and a write lock that cannot be had answers "try again"."""

import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from booking import database, settings
from booking.extensions import db
from booking.models import Registration
from booking.services import bookings
from booking.services.errors import TryAgainLater
from tests.integration.booking_race import (
    ATTEMPTS,
    CAPACITY,
    Party,
    Snapshot,
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
THREADS_PER_PROCESS = 4
WAIT = 120  # seconds: a safety net against a hung child, never reached when things work


def process_worker(database_url, outbox_dir, session_id, jobs, start, cancel_start, plan, results):
    """One app server: books its share of ``jobs`` on a few threads, then cancels what it is told to."""
    app = build_app(database_url, MAIL_OUTBOX_DIR=outbox_dir)  # production's lock timeout
    start.wait(timeout=WAIT)
    with ThreadPoolExecutor(THREADS_PER_PROCESS) as pool:
        answers = list(pool.map(lambda job: attempt_booking(app, session_id, *job), jobs))
    results.put(answers)
    targets = plan.get(timeout=WAIT)
    cancel_start.wait(timeout=WAIT)
    with ThreadPoolExecutor(max(1, len(targets))) as pool:
        results.put(list(pool.map(lambda rid: attempt_cancel(app, rid), targets)))


def _processes():
    """Fresh processes, as separate app servers: forked from a clean server that has imported
    the app once (much faster than spawning each), else spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def test_bookings_from_several_processes_never_overbook_then_cancellations_promote_in_order(app, make, tmp_path):
    session_id = make.session(capacity=CAPACITY, max_seats_per_registration=3).id
    db.session.remove()
    jobs = list(enumerate(party_sizes(ATTEMPTS)))
    processes = _processes()
    start, cancel_start = processes.Barrier(PROCESSES), processes.Barrier(PROCESSES)
    plans, results = [processes.Queue() for _ in range(PROCESSES)], processes.Queue()
    workers = [
        processes.Process(target=process_worker, daemon=True,
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


class Holder:
    """Another process's transaction holding SQLite's write lock (BEGIN IMMEDIATE) on the same file."""

    def __init__(self, path: str):
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.execute("BEGIN IMMEDIATE")
        self.at = None  # when the lock was released (on the test's clock)

    def __call__(self, at: float | None = None) -> None:
        if self.at is None:
            self.connection.execute("ROLLBACK")
            self.at = at


@contextmanager
def write_lock_held(app):
    db.session.remove()  # our own connection holds nothing either
    holder = Holder(sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database)
    try:
        yield holder
    finally:
        holder()
        holder.connection.close()


class Clock:
    """The waiting for the write lock, on a clock the test turns: a sleep moves it on at once.

    Durations are then exact, whatever else the machine is doing; ``at(t, action)`` runs
    ``action`` once the clock reaches ``t`` (another process letting the lock go, say).
    """

    def __init__(self):
        self.now = 0.0
        self.slept = []
        self._actions = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        for when, action in [a for a in self._actions if a[0] <= self.now]:
            self._actions.remove((when, action))
            action(self.now)

    def at(self, when: float, action) -> None:
        self._actions.append((when, action))


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(database, "time", clock)  # the clock is the boundary: only the waiting's own is replaced
    return clock


def count_registrations() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


@pytest.mark.parametrize("app_config", [{"BOOKING_LOCK_TIMEOUT": 2}])
def test_booking_that_cannot_get_the_write_lock_is_asked_to_try_again_and_writes_nothing(app, make, clock):
    session_id = make.session(capacity=5).id
    with write_lock_held(app) as holder, pytest.raises(TryAgainLater):
        bookings.book(session_id, bookings.BookingRequest(name="Ana", email="ana@example.org"), key=settings.pseudonym_key())
    # Refused while the lock was still held, after waiting out the lock timeout (2 s) once, not twice.
    assert holder.at is None
    assert 2 <= clock.now < 2 + max(database.SQLITE_LOCK_RETRY_SECONDS)
    db.session.rollback()
    assert count_registrations() == 0


@pytest.mark.parametrize("app_config", [{"BOOKING_LOCK_TIMEOUT": 5}])
def test_a_writer_gets_the_write_lock_within_milliseconds_of_its_release(app, clock):
    # SQLite's own busy handler retries at 328 ms, then every 100 ms: released at 640 ms, the
    # lock would lie free until 728 ms. Short tries take it at the next try, a few ms later.
    with write_lock_held(app) as release:
        clock.at(0.64, release)
        db.session.connection()  # a write transaction begins: BEGIN IMMEDIATE
        taken_at = clock.now
    db.session.rollback()
    assert release.at is not None and release.at <= taken_at  # taken after the release, not by luck
    assert taken_at - release.at == 0  # the try right after the release took it: no sleep in between
    assert max(clock.slept) <= max(database.SQLITE_LOCK_RETRY_SECONDS)


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


# -- The checker itself catches each broken rule (pure: no database) ----------------------------


def _snap(parties, capacity=4, events=(), seats_taken=None):
    parties = [Party(i, seats, status) for i, seats, status in parties]
    taken = sum(p.seats for p in parties if p.status == "confirmed") if seats_taken is None else seats_taken
    return Snapshot(capacity, taken, capacity, parties, list(events))


def test_checker_sees_overbooking_counter_drift_and_a_waiting_party_that_fits():
    assert invariant_problems(_snap([(1, 3, "confirmed"), (2, 2, "confirmed")]))[0].startswith("overbooked")
    assert invariant_problems(_snap([(1, 2, "confirmed")], seats_taken=1))[0].startswith("counter drift")
    assert "would fit" in invariant_problems(_snap([(1, 2, "confirmed"), (2, 1, "waitlisted")]))[0]
    assert invariant_problems(_snap([(1, 3, "confirmed"), (2, 2, "waitlisted"), (3, 1, "confirmed")])) == []


def test_checker_sees_bookings_placed_out_of_arrival_order():
    jumped = _snap([(1, 3, "confirmed"), (2, 1, "waitlisted"), (3, 1, "confirmed")])
    assert booking_order_problems(jumped, 4)[0].startswith("arrival order broken: #2")
    fair = _snap([(1, 3, "confirmed"), (2, 2, "waitlisted"), (3, 1, "confirmed")])
    assert booking_order_problems(fair, 4) == []


def test_checker_sees_a_promotion_out_of_turn():
    before = _snap([(1, 2, "confirmed"), (2, 2, "confirmed"), (3, 1, "waitlisted"), (4, 1, "waitlisted")])
    wrong = _snap([(1, 2, "cancelled"), (2, 2, "confirmed"), (3, 1, "waitlisted"), (4, 1, "confirmed")],
                  events=[("cancelled", 1), ("promoted", 4)])
    assert any("waiting list order says [3, 4]" in p for p in promotion_order_problems(before, wrong))
    right = _snap([(1, 2, "cancelled"), (2, 2, "confirmed"), (3, 1, "confirmed"), (4, 1, "confirmed")],
                  events=[("cancelled", 1), ("promoted", 3), ("promoted", 4)])
    assert promotion_order_problems(before, right) == []
