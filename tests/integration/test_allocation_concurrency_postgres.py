"""PostgreSQL: public bookings, partner bookings and a release racing on one session never overbook;
a control run with the session lock removed proves the checks can fail."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import Allocation, Registration, RegistrationStatus, Session
from booking.services import bookings
from booking.services.bookings import locking
from booking.services.errors import DomainError
from tests.integration.booking_race import attempt_booking, party_sizes
from tests.integration.test_concurrency_postgres import (  # noqa: F401 (app_config: the pool the threads need)
    _lock_session_without_row_lock,
    app_config,
    run_together,
)

pytestmark = pytest.mark.postgres

CAPACITY = 30
HELD = 12


def attempt_partner_booking(app, invite_token: str, index: int) -> str:
    with app.app_context():
        request = bookings.BookingRequest(name=f"Partner guest {index}", email="", seats=1 + index % 2)
        try:
            bookings.book_for_partner(invite_token, request, key=settings.pseudonym_key())
            db.session.commit()
            return "confirmed"
        except DomainError as error:  # full (beyond the allocation or released), busy
            db.session.rollback()
            return error.code
        except Exception as error:  # noqa: BLE001 (reported to the test)
            db.session.rollback()
            return f"error: {type(error).__name__}: {error}"


def attempt_release(app, allocation_id: int) -> str:
    with app.app_context():
        try:
            bookings.release_allocation(allocation_id)
            db.session.commit()
            return "released"
        except Exception as error:  # noqa: BLE001
            db.session.rollback()
            return f"error: {type(error).__name__}: {error}"


def problems(app, session_id: int) -> list[str]:
    """What the database holds, checked against the rules: counters agree with rows, nothing overbooked."""
    with app.app_context():
        session = db.session.get(Session, session_id)
        confirmed = db.session.scalars(sa.select(Registration).where(
            Registration.session_id == session_id, Registration.status == RegistrationStatus.CONFIRMED)).all()
        allocations = db.session.scalars(sa.select(Allocation).where(Allocation.session_id == session_id)).all()
        found = []
        booked = sum(r.seats for r in confirmed)
        unused = sum(a.seats_unused for a in allocations)
        if booked + unused > session.capacity:
            found.append(f"overbooked: {booked} booked + {unused} held > {session.capacity}")
        if session.seats_taken != booked:
            found.append(f"seats_taken {session.seats_taken} != {booked} confirmed")
        if session.seats_held != unused:
            found.append(f"seats_held {session.seats_held} != {unused} unused")
        for allocation in allocations:
            used = sum(r.seats for r in confirmed if r.allocation_id == allocation.id)
            if allocation.seats_used != used or used > allocation.seats:
                found.append(f"allocation {allocation.id}: seats_used {allocation.seats_used}, booked {used}")
        return found


def race(app, make) -> tuple[int, list]:
    session = make.session(capacity=CAPACITY, max_seats_per_registration=3, starts_in=timedelta(days=10))
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(
        partner="Foyer", contact_email="foyer@example.org", seats=HELD,
        release_at=session.starts_at - timedelta(days=1)))
    db.session.commit()
    token, allocation_id, session_id = allocation.invite_token, allocation.id, session.id
    public = [lambda i=i, n=n: attempt_booking(app, session_id, i, n) for i, n in enumerate(party_sizes(30))]
    partner = [lambda i=i: attempt_partner_booking(app, token, i) for i in range(12)]
    release = [lambda: attempt_release(app, allocation_id)]
    jobs = public[:15] + partner[:6] + release + public[15:] + partner[6:]
    return session_id, run_together(jobs)


def test_public_and_partner_bookings_and_a_release_never_overbook(pg_app, pg_make):
    session_id, answers = race(pg_app, pg_make)

    flat = [a[0] if isinstance(a, tuple) else a for a in answers]
    assert [a for a in flat if a.startswith("error")] == []
    assert "released" in flat and "confirmed" in flat
    assert problems(pg_app, session_id) == []


def test_control_without_the_session_lock_breaks_the_counts_and_the_check_sees_it(pg_app, pg_make, monkeypatch):
    monkeypatch.setattr(locking, "lock_session", _lock_session_without_row_lock)

    session_id, _answers = race(pg_app, pg_make)

    assert problems(pg_app, session_id) != []
