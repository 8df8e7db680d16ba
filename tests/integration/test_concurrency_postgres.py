"""Never overbook on PostgreSQL: hundreds of simultaneous bookings, concurrent cancellations,
a control run that proves the test catches a race, and lock timeouts that answer "try again"."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from booking import settings
from booking.extensions import db
from booking.models import Event, Registration, Session
from booking.services import bookings
from booking.services.bookings import locking, placement
from booking.services.errors import NotConfirmed, TryAgainLater
from tests.integration.booking_race import (
    ATTEMPTS,
    CAPACITY,
    attempt_booking,
    attempt_cancel,
    booking_order_problems,
    invariant_problems,
    party_sizes,
    promotion_order_problems,
    snapshot,
)

pytestmark = pytest.mark.postgres

# Each thread checks a connection out of the pool for its attempt; the server is shared with
# other test runs, so the pool stays well under max_connections (100 by default).
POOL = 40


@pytest.fixture
def app_config():
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": POOL, "max_overflow": 0, "pool_timeout": 30}}


def run_together(jobs: list) -> list:
    """Run each job on its own thread, all released at once by a barrier; results in job order."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait(timeout=30)
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def book_all(app, session_id: int, sizes: list[int]) -> list[tuple[str, int | None]]:
    return run_together([lambda i=i, n=n: attempt_booking(app, session_id, i, n) for i, n in enumerate(sizes)])


def test_two_hundred_simultaneous_bookings_never_overbook_then_cancellations_promote_in_order(pg_app, pg_make):
    session_id = pg_make.session(capacity=CAPACITY, max_seats_per_registration=3).id
    sizes = party_sizes(ATTEMPTS)

    answers = book_all(pg_app, session_id, sizes)

    assert [a for a, _ in answers if a not in ("confirmed", "waitlisted")] == []  # every attempt answered
    after_booking = snapshot(pg_app, session_id)
    assert invariant_problems(after_booking) == []
    assert booking_order_problems(after_booking, CAPACITY) == []
    assert after_booking.confirmed_seats() >= CAPACITY - 2  # full up to parties that cannot fit
    assert len(after_booking.parties) == ATTEMPTS

    # Cancel six confirmed bookings at once, one of them twice.
    confirmed = after_booking.ids("confirmed")
    targets = confirmed[::2][:6]
    assert len(targets) == 6
    outcomes = run_together([lambda rid=rid: attempt_cancel(pg_app, rid) for rid in [*targets, targets[0]]])

    assert sorted(outcomes) == ["already_cancelled"] + ["cancelled"] * 6
    after_cancelling = snapshot(pg_app, session_id)
    assert invariant_problems(after_cancelling) == []
    assert promotion_order_problems(after_booking, after_cancelling) == []
    assert len(after_cancelling.ids("confirmed")) > len(confirmed) - len(targets)  # someone was promoted


def _lock_session_without_row_lock(session_id: int, **_options) -> Session:
    """The control: read the session without FOR UPDATE, then linger, as a racy implementation would."""
    session = db.session.scalar(
        sa.select(Session)
        .where(Session.id == session_id)
        .options(joinedload(Session.event).joinedload(Event.venue))
        .execution_options(populate_existing=True)
    )
    time.sleep(0.05)  # widen the window between reading seats_taken and writing it back
    return session


def test_control_without_the_row_lock_overbooks_and_the_checker_sees_it(pg_app, pg_make, monkeypatch):
    monkeypatch.setattr(locking, "lock_session", _lock_session_without_row_lock)
    session_id = pg_make.session(capacity=CAPACITY, max_seats_per_registration=3).id

    book_all(pg_app, session_id, party_sizes(60))

    problems = invariant_problems(snapshot(pg_app, session_id))
    assert any(p.startswith("overbooked") for p in problems), problems


# -- Lock timeouts ---------------------------------------------------------------------------


def _hold_session_lock(pg_app, session_id: int):
    """Another connection holding the session's row lock, as a slow transaction would."""
    connection = db.engine.connect()
    connection.execute(sa.text("SELECT id FROM sessions WHERE id = :id FOR UPDATE"), {"id": session_id})
    return connection


def test_booking_that_cannot_get_the_lock_in_time_is_asked_to_try_again(pg_app, pg_make):
    session = pg_make.session(capacity=5)
    holder = _hold_session_lock(pg_app, session.id)
    try:
        db.session.execute(sa.text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(TryAgainLater):
            bookings.book(session.id, bookings.BookingRequest(name="Ana", email="ana@example.org"), key=settings.pseudonym_key())
        db.session.rollback()
    finally:
        holder.rollback()
        holder.close()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


@pytest.mark.parametrize("app_config", [{"BOOKING_LOCK_TIMEOUT": 1, "RATELIMIT_ENABLED": False}])
def test_booking_form_answers_503_when_the_lock_is_busy(pg_app, pg_make):
    session = pg_make.session(capacity=5)
    holder = _hold_session_lock(pg_app, session.id)
    try:
        response = pg_app.test_client().post(f"/sessions/{session.id}/book",
                                             data={"name": "Ana", "email": "ana@example.org", "seats": "1",
                                                   "consent": "y"})
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"]


# -- Fresh reads under the lock ---------------------------------------------------------------


def _elsewhere(app, action):
    """Run ``action`` in another app context (another connection and transaction) and commit it."""
    with app.app_context():
        action()
        db.session.commit()


def test_cancel_session_frees_the_seats_of_a_party_promoted_since_it_was_read(pg_app, pg_make):
    session = pg_make.session(capacity=1)
    confirmed, waiting = pg_make.registration(session), pg_make.registration(session)
    assert db.session.get(Registration, waiting.id).is_waitlisted  # e.g. an organiser's page listed it
    _elsewhere(pg_app, lambda: bookings.cancel(confirmed.id))  # meanwhile: promoted

    bookings.cancel_session(session.id)
    db.session.commit()

    assert db.session.get(Session, session.id).seats_taken == 0


def test_check_in_refuses_a_booking_cancelled_since_it_was_read(pg_app, pg_make):
    registration = pg_make.registration(pg_make.session())
    assert db.session.get(Registration, registration.id).is_confirmed
    _elsewhere(pg_app, lambda: bookings.cancel(registration.id))

    with pytest.raises(NotConfirmed):
        bookings.check_in(registration.id)


# -- The daily cap per email -----------------------------------------------------------------

EXTRA_ATTEMPTS = 8


def book_one_email_on_many_sessions_at_once(pg_app, pg_make, monkeypatch) -> tuple[list[str], int]:
    """The cap plus a few bookings of one email, each on its own session, all at once: (answers, rows written)."""
    session_ids = [pg_make.session(capacity=5).id for _ in range(bookings.DAILY_BOOKINGS_MAX + EXTRA_ATTEMPTS)]
    count = placement.active_bookings_of

    def count_then_linger(*args):
        counted = count(*args)
        time.sleep(0.05)  # widen the window between counting and inserting
        return counted

    monkeypatch.setattr(placement, "active_bookings_of", count_then_linger)

    def book(session_id):
        with pg_app.app_context():
            try:
                bookings.book(session_id, bookings.BookingRequest(name="Ana", email="ana@example.org"),
                              key=settings.pseudonym_key())
                db.session.commit()
                return "booked"
            except Exception as error:
                db.session.rollback()
                return type(error).__name__

    answers = run_together([lambda session_id=session_id: book(session_id) for session_id in session_ids])
    with pg_app.app_context():
        return answers, db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


def test_simultaneous_bookings_of_one_email_on_different_sessions_never_pass_the_daily_cap(
        pg_app, pg_make, monkeypatch):
    answers, written = book_one_email_on_many_sessions_at_once(pg_app, pg_make, monkeypatch)

    assert sorted(answers) == ["TooManyBookings"] * EXTRA_ATTEMPTS + ["booked"] * bookings.DAILY_BOOKINGS_MAX
    assert written == bookings.DAILY_BOOKINGS_MAX


def test_control_without_the_email_lock_lets_the_daily_cap_be_passed(pg_app, pg_make, monkeypatch):
    """The test above catches the race: without the lock, simultaneous bookings overshoot the cap."""
    lock = locking.lock_session
    monkeypatch.setattr(locking, "lock_session", lambda session_id, *, email=None, **options: lock(session_id, **options))

    _answers, written = book_one_email_on_many_sessions_at_once(pg_app, pg_make, monkeypatch)

    assert written > bookings.DAILY_BOOKINGS_MAX


def test_a_booking_waiting_on_its_emails_lock_is_asked_to_try_again(pg_app, pg_make):
    session = pg_make.session(capacity=5)
    holder = db.engine.connect()  # another booking with this email, not yet committed
    holder.execute(sa.select(sa.func.pg_advisory_xact_lock(
        bookings.EMAIL_LOCK_CLASS, sa.func.hashtext("ana@example.org"))))
    try:
        db.session.execute(sa.text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(TryAgainLater):
            bookings.book(session.id, bookings.BookingRequest(name="Ana", email="Ana@Example.org"), key=settings.pseudonym_key())
        db.session.rollback()
        # Nothing of it is left holding the session: another person books at once.
        other = bookings.book(session.id, bookings.BookingRequest(name="Bo", email="bo@example.org"),
                              key=settings.pseudonym_key())
        db.session.commit()
        assert other.is_confirmed
    finally:
        holder.rollback()
        holder.close()


def _waiting_on_an_email_lock() -> bool:
    """Whether a booking waits for an email's lock in this test's database (each test has its own)."""
    with db.engine.connect() as connection:
        return connection.scalar(sa.text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = :email_locks "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
            {"email_locks": bookings.EMAIL_LOCK_CLASS}) > 0


def test_a_booking_waiting_on_its_emails_lock_does_not_hold_the_sessions_row(pg_app, pg_make):
    """The email's lock and the session's are taken in one statement: the email's first, so while
    a booking waits for another with its address, everyone else books on the session."""
    session_id = pg_make.session(capacity=5).id
    holder = db.engine.connect()  # another booking with this email, not yet committed
    holder.execute(sa.select(sa.func.pg_advisory_xact_lock(
        bookings.EMAIL_LOCK_CLASS, sa.func.hashtext("ana@example.org"))))

    def book_as_ana():
        with pg_app.app_context():
            registration = bookings.book(session_id, bookings.BookingRequest(name="Ana", email="ANA@example.org"),
                                         key=settings.pseudonym_key())
            db.session.commit()
            return str(registration.status)

    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(book_as_ana)
        try:
            for _ in range(200):  # until Ana's booking waits for her email's lock
                if _waiting_on_an_email_lock():
                    break
                time.sleep(0.01)
            else:
                pytest.fail("the booking never waited for its email's lock")
            with db.engine.connect() as other:  # NOWAIT: an error at once if Ana's booking held the row
                other.execute(sa.text("SELECT id FROM sessions WHERE id = :id FOR UPDATE NOWAIT"), {"id": session_id})
                other.rollback()
            assert not waiting.done()
        finally:
            holder.rollback()
            holder.close()
        assert waiting.result(timeout=30) == "confirmed"
