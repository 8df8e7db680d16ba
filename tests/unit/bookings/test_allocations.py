"""Partner allocations: seats held for a partner, booked by it for named people, given back at release."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import Allocation, Registration, utcnow
from booking.services import bookings
from booking.services.bookings import AllocationReleased, AllocationRequest, BookingRequest
from booking.services.errors import AlreadyRegistered, NotFound, SessionFull, ValidationFailed
from tests.unit.bookings.helpers import CANCELLED, CONFIRMED, WAITLISTED, fresh, outbox, refused, statuses


@pytest.fixture
def allocate():
    def hold(session, seats=4, *, partner="Foyer Les Tilleuls", contact="nadia@foyer.example",
             release_in=timedelta(days=5), now=None):
        allocation = bookings.allocate(session.id, AllocationRequest(partner=partner, contact_email=contact, seats=seats,
                                                                     release_at=(now or utcnow()) + release_in), now=now)
        db.session.commit()
        return allocation
    return hold


def partner_book(allocation, seats=1, *, name="Moussa", email="", phone="", now=None):
    registration = bookings.book_for_partner(allocation.invite_token,
                                             BookingRequest(name=name, email=email, phone=phone, seats=seats),
                                             key=settings.pseudonym_key(), now=now)
    db.session.commit()
    return registration


def invariant_holds(session):
    """seats_held is exactly what held allocations have unused; seats_taken what confirmed bookings hold."""
    db.session.expire_all()
    allocations = db.session.scalars(sa.select(Allocation).where(Allocation.session_id == session.id)).all()
    confirmed = db.session.scalars(sa.select(Registration).where(Registration.session_id == session.id,
                                                                 Registration.status == CONFIRMED)).all()
    after = fresh(session)
    assert after.seats_held == sum(a.seats_unused for a in allocations)
    assert after.seats_taken == sum(r.seats for r in confirmed)
    for allocation in allocations:
        assert allocation.seats_used == sum(r.seats for r in confirmed if r.allocation_id == allocation.id)
    return after


def test_held_seats_are_taken_for_the_public(make, book, allocate):
    session = make.session(capacity=10)
    allocate(session, seats=6)
    after = invariant_holds(session)
    assert (after.seats_taken, after.seats_held, after.seats_left) == (0, 6, 4)
    book(session, seats=4)
    assert book(session).status == WAITLISTED


def test_an_allocation_never_holds_more_than_the_seats_free_now(make, book, allocate):
    session = make.session(capacity=10)
    book(session, seats=4)
    allocate(session, seats=3)
    error = refused(SessionFull, allocate, session, seats=4)
    assert "3" in str(error.message)
    allocate(session, seats=3)
    refused(SessionFull, allocate, session, seats=1)
    assert invariant_holds(session).seats_left == 0


def test_an_allocation_asks_for_a_name_an_address_seats_and_a_release_before_the_start(make, allocate):
    session = make.session(capacity=10, starts_in=timedelta(days=7))
    error = refused(ValidationFailed, allocate, session, partner=" ", contact="nope", seats=0)
    assert set(error.fields) == {"partner", "contact_email", "seats"}
    assert set(refused(ValidationFailed, allocate, session, release_in=timedelta(days=8)).fields) == {"release_at"}
    assert set(refused(ValidationFailed, allocate, session, release_in=-timedelta(hours=1)).fields) == {"release_at"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Allocation)) == 0


def test_the_contact_gets_the_invite_link(make, allocate):
    allocation = allocate(make.session(capacity=10), seats=3)
    [message] = outbox("allocation_invite")
    assert message.recipient == "nadia@foyer.example"
    assert message.payload["invite_token"] == allocation.invite_token
    assert message.payload["seats"] == 3


def test_a_partner_books_inside_its_allocation_with_or_without_email(make, allocate):
    session = make.session(capacity=10)
    allocation = allocate(session, seats=5)
    without = partner_book(allocation, seats=2, name="Moussa")
    with_phone = partner_book(allocation, name="Fatou", phone="06 12 34 56 78")
    with_email = partner_book(allocation, name="Léon", email="leon@example.org")
    assert statuses(without, with_phone, with_email) == [CONFIRMED] * 3
    assert without.email is None and without.partner_structure == "Foyer Les Tilleuls"
    after = invariant_holds(session)
    assert (after.seats_taken, after.seats_held, after.seats_left) == (4, 1, 5)  # the public's seats did not move
    assert [m.recipient for m in outbox("booking_confirmed")] == ["leon@example.org"]


def test_a_partner_booking_beyond_its_allocation_is_refused_as_full(make, book, allocate):
    session = make.session(capacity=10)
    allocation = allocate(session, seats=3)
    partner_book(allocation, seats=2)
    error = refused(SessionFull, partner_book, allocation, seats=2)
    assert "1" in str(error.message)
    # Public seats are free, but a partner books only within its allocation.
    assert fresh(session).seats_left == 7
    partner_book(allocation, seats=1)
    refused(SessionFull, partner_book, allocation)
    invariant_holds(session)


def test_one_address_books_once_per_session_even_through_a_partner(make, book, allocate):
    session = make.session(capacity=10)
    book(session, email="leon@example.org")
    allocation = allocate(session)
    refused(AlreadyRegistered, partner_book, allocation, email="LEON@example.org")
    invariant_holds(session)


def test_an_unknown_invite_books_nothing(make):
    make.session(capacity=10)
    refused(NotFound, bookings.book_for_partner, "not-a-token", BookingRequest(name="X", email=""),
            key=settings.pseudonym_key())


def test_release_by_hand_gives_unused_seats_back_and_promotes_the_waiting_list_at_once(make, book, allocate):
    session = make.session(capacity=6)
    allocation = allocate(session, seats=4)
    partner_book(allocation, seats=1)
    book(session, seats=2)
    waiting = [book(session, seats=2), book(session, seats=1), book(session, seats=1)]
    assert statuses(*waiting) == [WAITLISTED] * 3
    bookings.release_allocation(allocation.id)
    db.session.commit()
    # 3 unused seats came back: the first two parties (2 + 1) get them, the last one waits on.
    assert statuses(*waiting) == [CONFIRMED, CONFIRMED, WAITLISTED]
    after = invariant_holds(session)
    assert (after.seats_taken, after.seats_held) == (6, 0)
    assert len(outbox("promoted")) == 2
    refused(AllocationReleased, bookings.release_allocation, allocation.id)


def test_after_release_the_partner_keeps_its_bookings_but_books_no_more(make, book, allocate):
    session = make.session(capacity=10)
    allocation = allocate(session, seats=4)
    moussa = partner_book(allocation, seats=2)
    bookings.release_allocation(allocation.id)
    db.session.commit()
    refused(SessionFull, partner_book, allocation)
    assert statuses(moussa) == [CONFIRMED]
    bookings.cancel_partner_booking(allocation.invite_token, moussa.id)  # seats now go to the public
    db.session.commit()
    after = invariant_holds(session)
    assert (after.seats_taken, after.seats_held, after.seats_left) == (0, 0, 10)


def test_a_partner_cancelling_while_held_gives_the_seats_back_to_its_allocation(make, book, allocate):
    session = make.session(capacity=4)
    allocation = allocate(session, seats=2)
    moussa = partner_book(allocation, seats=2)
    book(session, seats=2)
    waiting = book(session)
    bookings.cancel_partner_booking(allocation.invite_token, moussa.id)
    db.session.commit()
    assert statuses(moussa, waiting) == [CANCELLED, WAITLISTED]  # the public waits: the seats are still held
    after = invariant_holds(session)
    assert (after.seats_taken, after.seats_held) == (2, 2)
    partner_book(allocation, seats=2, name="Fatou")


def test_a_partner_changes_names_and_party_size_within_its_allocation(make, allocate):
    session = make.session(capacity=10)
    allocation = allocate(session, seats=4)
    moussa = partner_book(allocation, seats=1)
    bookings.change_partner_booking(allocation.invite_token, moussa.id, name="Moussa Diallo", seats=3)
    db.session.commit()
    db.session.expire_all()
    changed = db.session.get(Registration, moussa.id)
    assert (changed.name, changed.seats) == ("Moussa Diallo", 3)
    refused(SessionFull, bookings.change_partner_booking, allocation.invite_token, moussa.id, seats=5)
    bookings.change_partner_booking(allocation.invite_token, moussa.id, seats=1)
    db.session.commit()
    after = invariant_holds(session)
    assert (after.seats_taken, after.seats_held) == (1, 3)


def test_an_invite_acts_on_its_own_bookings_only(make, allocate):
    session = make.session(capacity=10)
    first, second = allocate(session, seats=2), allocate(session, seats=2, partner="École Jaurès")
    theirs = partner_book(second)
    refused(NotFound, bookings.cancel_partner_booking, first.invite_token, theirs.id)
    refused(NotFound, bookings.change_partner_booking, first.invite_token, theirs.id, name="X")
    assert statuses(theirs) == [CONFIRMED]


def test_release_at_its_time_by_the_job(make, book, allocate):
    now = utcnow()
    session = make.session(capacity=3, starts_in=timedelta(days=7))
    allocation = allocate(session, seats=3, release_in=timedelta(days=2), now=now)
    waiting = book(session)
    assert bookings.release_due(now + timedelta(days=1)) == 0
    assert bookings.release_due(now + timedelta(days=2)) == 1
    db.session.commit()
    assert statuses(waiting) == [CONFIRMED]
    assert fresh(session).seats_held == 0
    assert bookings.release_due(now + timedelta(days=3)) == 0
    assert db.session.get(Allocation, allocation.id).released_at is not None


def test_changing_an_allocation_keeps_what_is_booked_and_what_is_free(make, book, allocate):
    session = make.session(capacity=10)
    allocation = allocate(session, seats=4)
    partner_book(allocation, seats=3)
    book(session, seats=4)
    refused(ValidationFailed, bookings.change_allocation, allocation.id, seats=2)  # 3 already booked
    refused(SessionFull, bookings.change_allocation, allocation.id, seats=7)  # only 2 free
    bookings.change_allocation(allocation.id, seats=6, contact_email="autre@foyer.example")
    db.session.commit()
    after = invariant_holds(session)
    assert (after.seats_held, after.seats_left) == (3, 0)
    assert [m.recipient for m in outbox("allocation_invite")] == ["nadia@foyer.example", "autre@foyer.example"]
    waiting = book(session)
    bookings.change_allocation(allocation.id, seats=3)  # seats given back promote whoever waits
    db.session.commit()
    assert statuses(waiting) == [CONFIRMED]
    invariant_holds(session)


def test_capacity_decrease_keeps_partner_bookings_and_holds(make, book, allocate):
    session = make.session(capacity=10)
    allocation = allocate(session, seats=4)
    partner_book(allocation, seats=2)
    book(session, seats=4)
    bookings.change_capacity(session.id, 5)
    db.session.commit()  # the CHECK (seats_taken + seats_held <= seat_ceiling) accepts it
    after = invariant_holds(session)
    assert (after.capacity, after.seats_taken, after.seats_held, after.seat_ceiling, after.seats_left) == (5, 6, 2, 8, 0)
    partner_book(allocation, seats=2, name="Fatou")  # still within the allocation
    assert book(session).status == WAITLISTED
    bookings.release_allocation(allocation.id)
    db.session.commit()
    assert fresh(session).seat_ceiling == 8  # everything held was booked: nothing came back


def test_cancelling_the_session_releases_its_allocations(make, allocate):
    session = make.session(capacity=10)
    allocation = allocate(session, seats=4)
    moussa = partner_book(allocation, seats=2)
    bookings.cancel_session(session.id)
    db.session.commit()
    after = invariant_holds(session)
    assert (after.seats_taken, after.seats_held) == (0, 0)
    assert statuses(moussa) == [CANCELLED]


def test_a_partners_wheelchair_users_take_the_sessions_spaces_and_the_others_its_seats(make, allocate):
    session = make.session(capacity=10, wheelchair_spaces=1)
    allocation = allocate(session, seats=3)
    party = bookings.book_for_partner(allocation.invite_token, BookingRequest(
        name="Inès", email="", seats=2, wheelchair_spaces=1), key=settings.pseudonym_key())
    db.session.commit()
    after = fresh(session)
    assert (after.wheelchair_spaces_taken, after.seats_taken, after.seats_held) == (1, 1, 2)
    assert db.session.get(Allocation, allocation.id).seats_used == 1  # her companion's seat

    # No space left: refused as full, and nothing moves.
    refused(SessionFull, bookings.book_for_partner, allocation.invite_token, BookingRequest(
        name="Paul", email="", seats=1, wheelchair_spaces=1), key=settings.pseudonym_key())
    assert (fresh(session).wheelchair_spaces_taken, fresh(session).seats_held) == (1, 2)

    bookings.cancel_partner_booking(allocation.invite_token, party.id)
    db.session.commit()
    after = fresh(session)
    assert (after.wheelchair_spaces_taken, after.seats_taken, after.seats_held) == (0, 0, 3)


def test_more_wheelchair_users_than_people_is_refused(make, allocate):
    allocation = allocate(make.session(capacity=10, wheelchair_spaces=3))
    error = refused(ValidationFailed, bookings.book_for_partner, allocation.invite_token, BookingRequest(
        name="Inès", email="", seats=1, wheelchair_spaces=2), key=settings.pseudonym_key())
    assert set(error.fields) == {"wheelchair_spaces"}
