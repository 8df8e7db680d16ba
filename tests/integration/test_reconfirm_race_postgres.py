"""On PostgreSQL: a release of unconfirmed bookings, an acceptance of an offer and public bookings racing on one
session never overbook, and ``seats_taken`` always equals the seats held (confirmed and offered).

The control takes the session's row lock away: the same race then loses updates, and the checker sees it.
"""

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from booking.extensions import db
from booking.models import Event, Registration, Session, utcnow
from booking.services import bookings
from booking.services.bookings import locking, reconfirmation
from booking.services.errors import OfferExpired, TryAgainLater
from tests.integration.booking_race import attempt_booking
from tests.integration.test_concurrency_postgres import run_together

pytestmark = pytest.mark.postgres

CAPACITY = 12  # 10 held at the start: 2 free, so the first bookings confirm while the release runs
PUBLIC_BOOKINGS = 16


@pytest.fixture
def app_config():
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 30, "max_overflow": 0, "pool_timeout": 30}}


def full_session_to_release(make) -> tuple[int, int]:
    """A session nearly full, starting in 20 hours: three parties of 2 asked and silent (due for release), one that
    reconfirmed, a party of 2 offered the seats of a fifth, who cancelled, and 2 seats free. Returns (session id, offered id)."""
    session = make.session(capacity=CAPACITY, starts_in=timedelta(hours=20), offer_hours=6,
                           reconfirm_days_before=3, max_seats_per_registration=3)
    week_ago = utcnow() - timedelta(days=7)
    parties = [make.registration(session, seats=2, now=week_ago) for _ in range(6)]
    waiting = make.registration(session, seats=2)
    reconfirmation.ask_due(utcnow() - timedelta(days=2))
    bookings.reconfirm(parties[3].id)
    bookings.cancel(parties[4].id)  # its seats are offered to the party waiting
    bookings.cancel(parties[5].id)  # nobody else waits: 2 seats stay free
    db.session.commit()
    assert db.session.get(Registration, waiting.id).status == "offered"
    return session.id, waiting.id


def release(app) -> str:
    with app.app_context():
        try:
            count = reconfirmation.release_due(utcnow())
            db.session.commit()
            return f"released {count}"
        except TryAgainLater:
            db.session.rollback()
            return "busy"
        except Exception as error:
            db.session.rollback()
            return f"error: {type(error).__name__}: {error}"


def accept(app, registration_id: int) -> str:
    with app.app_context():
        try:
            bookings.accept(registration_id)
            db.session.commit()
            return "accepted"
        except (TryAgainLater, OfferExpired) as refusal:
            db.session.rollback()
            return type(refusal).__name__
        except Exception as error:
            db.session.rollback()
            return f"error: {type(error).__name__}: {error}"


def problems(app, session_id: int) -> list[str]:
    """What must hold after any race: the counter is the seats held, within the capacity."""
    with app.app_context():
        session = db.session.get(Session, session_id)
        held = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Registration.seats), 0))
            .where(Registration.session_id == session_id, Registration.status.in_(("confirmed", "offered"))))
        found = []
        if held > session.capacity:
            found.append(f"overbooked: {held} seats held for {session.capacity}")
        if held != session.seats_taken:
            found.append(f"counter off: seats_taken {session.seats_taken}, seats held {held}")
        return found


def later(seconds: float, job):
    """The job, started ``seconds`` after the others: bookings keep arriving while the release runs."""
    def run():
        time.sleep(seconds)
        return job()
    return run


def race(app, session_id: int, offered_id: int) -> list[str]:
    jobs = [lambda: release(app), lambda: accept(app, offered_id)]
    jobs += [later(0.025 * i, lambda i=i: attempt_booking(app, session_id, 1000 + i, 1 + i % 3)[0])
             for i in range(PUBLIC_BOOKINGS)]
    return run_together(jobs)


def test_a_release_an_acceptance_and_public_bookings_never_overbook(pg_app, pg_make):
    session_id, offered_id = full_session_to_release(pg_make)

    answers = race(pg_app, session_id, offered_id)

    assert [a for a in answers if a.startswith("error")] == []
    assert answers[0] == "released 3" and answers[1] == "accepted"
    assert set(answers[2:]) == {"confirmed", "waitlisted"}
    assert problems(pg_app, session_id) == []
    with pg_app.app_context():
        assert db.session.get(Session, session_id).seats_taken == CAPACITY  # the freed seats all found takers


def _lock_session_without_row_lock(session_id: int, **_options) -> Session:
    session = db.session.scalar(
        sa.select(Session).where(Session.id == session_id)
        .options(joinedload(Session.event).joinedload(Event.venue))
        .execution_options(populate_existing=True))
    time.sleep(0.05)  # widen the window between reading seats_taken and writing it back
    return session


def test_control_without_the_row_lock_the_same_race_loses_count_and_the_checker_sees_it(pg_app, pg_make,
                                                                                         monkeypatch):
    session_id, offered_id = full_session_to_release(pg_make)
    monkeypatch.setattr(locking, "lock_session", _lock_session_without_row_lock)

    answers = race(pg_app, session_id, offered_id)

    # Lost updates of the counter (or the database's CHECK refusing one, an error answer): never silent.
    assert problems(pg_app, session_id) != [] or any(a.startswith("error") for a in answers), answers
