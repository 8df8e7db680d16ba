"""Never overbook wheelchair spaces on PostgreSQL: public bookings with and without wheelchair users
racing on one session, then cancellations racing, keep both pools within their limits; a control run
without the session's row lock proves the check can fail."""

import random

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, RegistrationStatus, Session
from booking.services.bookings import locking
from tests.integration.booking_race import attempt_booking, attempt_cancel
from tests.integration.test_concurrency_postgres import POOL, _lock_session_without_row_lock, run_together

pytestmark = pytest.mark.postgres

CONFIRMED, WAITLISTED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED
CAPACITY, SPACES = 40, 6


@pytest.fixture
def app_config():
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": POOL, "max_overflow": 0, "pool_timeout": 30}}


def parties(count: int, seed: int = 16) -> list[tuple[int, int]]:
    """(seats, wheelchair users) per attempt, the same every run: most parties have a wheelchair user."""
    rng = random.Random(seed)
    sizes = []
    for _ in range(count):
        seats = rng.randint(1, 3)
        sizes.append((seats, rng.choice([0, 1, 1, min(2, seats)])))
    return sizes


def book_all(app, session_id: int, sizes: list[tuple[int, int]]):
    return run_together([lambda i=i, n=n, k=k: attempt_booking(app, session_id, i, n, wheelchair_spaces=k)
                         for i, (n, k) in enumerate(sizes)])


def problems_of(app, session_id: int) -> list[str]:
    """What must hold at every moment for both pools, read afresh from the database."""
    with app.app_context():
        session = db.session.get(Session, session_id)
        rows = db.session.scalars(sa.select(Registration).where(Registration.session_id == session_id)
                                  .order_by(Registration.id)).all()
        confirmed = [r for r in rows if r.status == CONFIRMED]
        seats = sum(r.takes_seats for r in confirmed)
        spaces = sum(r.takes_spaces for r in confirmed)
        problems = []
        if spaces > session.wheelchair_spaces:
            problems.append(f"overbooked spaces: {spaces} confirmed on {session.wheelchair_spaces}")
        if seats > session.capacity:
            problems.append(f"overbooked seats: {seats} confirmed on {session.capacity}")
        if (seats, spaces) != (session.seats_taken, session.wheelchair_spaces_taken):
            problems.append(f"counter drift: counters say {(session.seats_taken, session.wheelchair_spaces_taken)}, "
                            f"confirmed parties {(seats, spaces)}")
        for r in rows:
            if r.status == WAITLISTED and r.takes_seats <= session.capacity - seats \
                    and r.takes_spaces <= session.wheelchair_spaces - spaces:
                problems.append(f"waitlisted party #{r.id} would fit in both pools")
        return problems


def test_bookings_with_wheelchair_users_racing_never_overbook_spaces_then_cancellations_promote(pg_app, pg_make):
    session_id = pg_make.session(capacity=CAPACITY, wheelchair_spaces=SPACES, max_seats_per_registration=3).id

    answers = book_all(pg_app, session_id, parties(80))

    assert [a for a, _ in answers if a not in ("confirmed", "waitlisted")] == []  # every attempt answered
    assert problems_of(pg_app, session_id) == []
    with pg_app.app_context():
        session = db.session.get(Session, session_id)
        assert session.wheelchair_spaces_taken == SPACES  # so many asked that the spaces filled up
        holders = db.session.scalars(sa.select(Registration.id).where(
            Registration.session_id == session_id, Registration.status == CONFIRMED,
            Registration.wheelchair_spaces > 0).order_by(Registration.id)).all()

    outcomes = run_together([lambda rid=rid: attempt_cancel(pg_app, rid) for rid in holders[:3]])

    assert outcomes == ["cancelled"] * 3
    assert problems_of(pg_app, session_id) == []
    with pg_app.app_context():
        assert db.session.get(Session, session_id).wheelchair_spaces_taken == SPACES  # given to who waited


def test_control_without_the_row_lock_overbooks_spaces_and_the_check_sees_it(pg_app, pg_make, monkeypatch):
    monkeypatch.setattr(locking, "lock_session", _lock_session_without_row_lock)
    # Seats for everyone: only the spaces can run out.
    session_id = pg_make.session(capacity=1000, wheelchair_spaces=3, max_seats_per_registration=3).id

    book_all(pg_app, session_id, [(1, 1)] * 30)

    problems = problems_of(pg_app, session_id)
    assert any(p.startswith("overbooked spaces") for p in problems), problems
