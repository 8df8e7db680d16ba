"""Partner allocations over time: released at their time by ``booking tick --now``, the contact told once before."""

from datetime import timedelta

from booking import settings
from booking.extensions import db
from booking.models import Allocation, Registration, RegistrationStatus, utcnow
from booking.services import bookings
from booking.services.bookings import AllocationRequest
from tests.jobs.conftest import line_of, outbox


def _allocate(session, seats, release_at, now):
    allocation = bookings.allocate(session.id, AllocationRequest(partner="Foyer Les Tilleuls", seats=seats,
                                                                 contact_email="nadia@foyer.example",
                                                                 release_at=release_at), now=now)
    db.session.commit()
    return allocation


def test_unused_seats_go_back_at_release_time_and_the_waiting_list_moves_up(make, tick_at):
    now = utcnow()
    session = make.session(capacity=2, starts_in=timedelta(days=10))
    allocation = _allocate(session, 2, now + timedelta(days=6), now - timedelta(days=1))
    waiting = make.registration(session)
    assert waiting.status == RegistrationStatus.WAITLISTED

    assert line_of(tick_at(now + timedelta(days=6) - timedelta(minutes=1)), "allocations-release") == \
        "allocations-release: ran, 0 allocation(s) released."
    assert line_of(tick_at(now + timedelta(days=6)), "allocations-release") == \
        "allocations-release: ran, 1 allocation(s) released."
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    assert db.session.get(Allocation, allocation.id).released_at is not None
    assert [m.recipient for m in outbox("promoted")] == [waiting.email]


def test_the_contact_is_told_three_days_before_with_what_is_unused_once_however_many_ticks(make, tick_at):
    now = utcnow()
    session = make.session(capacity=10, starts_in=timedelta(days=10))
    allocation = _allocate(session, 4, now + timedelta(days=6), now)
    bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(name="Moussa", email="", seats=1),
                              key=settings.pseudonym_key(), now=now)
    db.session.commit()
    tick_at(now + timedelta(days=2))
    assert outbox("allocation_release_soon") == []
    for minutes in (0, 15, 30, 60, 24 * 60):
        tick_at(now + timedelta(days=3, minutes=minutes))
    [notice] = outbox("allocation_release_soon")
    assert notice.recipient == "nadia@foyer.example"
    assert (notice.payload["seats_unused"], notice.payload["seats_used"]) == (3, 1)


def test_a_new_release_time_brings_a_new_notice(make, tick_at):
    now = utcnow()
    session = make.session(capacity=10, starts_in=timedelta(days=20))
    allocation = _allocate(session, 4, now + timedelta(days=6), now)
    tick_at(now + timedelta(days=4))
    bookings.change_allocation(allocation.id, release_at=now + timedelta(days=12), now=now + timedelta(days=4))
    db.session.commit()
    tick_at(now + timedelta(days=5))
    assert len(outbox("allocation_release_soon")) == 1
    tick_at(now + timedelta(days=10))
    assert len(outbox("allocation_release_soon")) == 2
