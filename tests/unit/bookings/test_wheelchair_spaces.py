"""Wheelchair spaces: a pool apart from the seats. A party of n people with k wheelchair users
takes k spaces and n - k seats; it is confirmed only when both fit, waits (or is refused) otherwise,
and is promoted only when both fit, skipped and not dropped otherwise."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from booking.extensions import db
from booking.models import AccessNeed, CancelledBy, Registration, Session
from booking.services import bookings
from booking.services import seats as seat_rules
from booking.services.errors import SessionFull, ValidationFailed
from tests.unit.bookings.helpers import CANCELLED, CONFIRMED, WAITLISTED, fresh, refused, statuses


def counters(session) -> tuple[int, int]:
    after = fresh(session)
    return after.seats_taken, after.wheelchair_spaces_taken


def test_a_party_takes_spaces_for_its_wheelchair_users_and_seats_for_the_others(make, book):
    session = make.session(capacity=10, wheelchair_spaces=2)
    party = book(session, seats=3, wheelchair_spaces=1)  # one wheelchair user and two companions
    assert party.status == CONFIRMED
    assert counters(session) == (2, 1)
    after = fresh(session)
    assert (after.seats_left, after.wheelchair_spaces_left) == (8, 1)


def test_a_party_waits_when_no_wheelchair_space_is_left_though_seats_are(make, book):
    session = make.session(capacity=10, wheelchair_spaces=1)
    first = book(session, seats=2, wheelchair_spaces=1)
    second = book(session, seats=2, wheelchair_spaces=1)
    walking = book(session, seats=2)
    assert statuses(first, second, walking) == [CONFIRMED, WAITLISTED, CONFIRMED]
    assert counters(session) == (3, 1)


def test_without_waiting_list_a_party_with_no_space_left_is_refused_as_full(make, book):
    session = make.session(capacity=10, wheelchair_spaces=0, waitlist_enabled=False)
    refused(SessionFull, book, session, seats=1, wheelchair_spaces=1)
    assert counters(session) == (0, 0)


def test_wheelchair_users_can_book_when_the_seats_are_gone(make, book):
    session = make.session(capacity=2, wheelchair_spaces=2)
    book(session, seats=2)
    assert bookings.session_availability(fresh(session)) is seat_rules.Availability.OPEN  # spaces are left
    alone = book(session, seats=1, wheelchair_spaces=1)
    with_companion = book(session, seats=2, wheelchair_spaces=1)  # the companion needs a seat: none left
    assert statuses(alone, with_companion) == [CONFIRMED, WAITLISTED]
    assert counters(session) == (2, 1)


def test_wheelchair_users_must_be_people_of_the_party(make, book):
    session = make.session(wheelchair_spaces=5)
    error = refused(ValidationFailed, book, session, seats=1, wheelchair_spaces=2)
    assert "wheelchair_spaces" in error.fields
    error = refused(ValidationFailed, book, session, seats=1, wheelchair_spaces=-1)
    assert "wheelchair_spaces" in error.fields
    assert counters(session) == (0, 0)


def test_access_needs_are_stored_as_known_codes_only(make, book):
    session = make.session()
    registration = book(session, access_needs=("sign_language", "induction_loop", "sign_language"),
                        accessibility_needs="Deux personnes signent")
    assert registration.access_needs == [AccessNeed.INDUCTION_LOOP, AccessNeed.SIGN_LANGUAGE]
    error = refused(ValidationFailed, book, session, access_needs=("Langue des signes",))
    assert "access_needs" in error.fields


def test_cancelling_gives_back_seats_and_spaces_and_promotes_who_now_fits(make, book):
    session = make.session(capacity=3, wheelchair_spaces=1)
    holder = book(session, seats=2, wheelchair_spaces=1)
    filler = book(session, seats=2)
    waiting = book(session, seats=2, wheelchair_spaces=1)  # needs 1 seat and the space
    assert statuses(waiting) == [WAITLISTED]
    bookings.cancel(holder.id)
    db.session.commit()
    assert statuses(holder, filler, waiting) == [CANCELLED, CONFIRMED, CONFIRMED]
    assert counters(session) == (3, 1)


def test_promotion_needs_both_to_fit_and_skips_without_dropping(make, book):
    session = make.session(capacity=4, wheelchair_spaces=1)
    holder = book(session, seats=1, wheelchair_spaces=1)
    seated = book(session, seats=4)
    needs_space = book(session, seats=1, wheelchair_spaces=1)  # first in line, but the space is taken
    needs_seats = book(session, seats=2)
    assert statuses(needs_space, needs_seats) == [WAITLISTED, WAITLISTED]

    bookings.cancel(seated.id)  # seats free up, the space does not
    db.session.commit()
    assert statuses(needs_space, needs_seats) == [WAITLISTED, CONFIRMED]  # skipped, not dropped

    bookings.cancel(holder.id)  # now the space frees up
    db.session.commit()
    assert statuses(needs_space) == [CONFIRMED]
    assert counters(session) == (2, 1)


def test_more_wheelchair_spaces_promote_the_parties_waiting_for_one(make, book):
    session = make.session(capacity=10, wheelchair_spaces=0)
    waiting = book(session, seats=2, wheelchair_spaces=1)
    assert statuses(waiting) == [WAITLISTED]
    promoted = bookings.change_wheelchair_spaces(session.id, 1)
    db.session.commit()
    assert [r.id for r in promoted] == [waiting.id]
    assert counters(session) == (1, 1)


def test_fewer_wheelchair_spaces_than_taken_keeps_every_booking_and_lets_nobody_new_take_one(make, book):
    session = make.session(capacity=10, wheelchair_spaces=2)
    booked = [book(session, wheelchair_spaces=1) for _ in range(2)]
    bookings.change_wheelchair_spaces(session.id, 1)
    db.session.commit()  # the CHECK (taken <= ceiling) accepts it
    after = fresh(session)
    assert (after.wheelchair_spaces, after.wheelchair_spaces_taken, after.wheelchair_ceiling) == (1, 2, 2)
    newcomer = book(session, wheelchair_spaces=1)
    assert newcomer.status == WAITLISTED
    bookings.cancel(booked[0].id)  # 1 taken of 1: still none free
    db.session.commit()
    assert statuses(newcomer) == [WAITLISTED]
    assert fresh(session).wheelchair_ceiling == 1


def test_changing_seats_moves_seats_and_spaces_and_refuses_what_does_not_fit(make, book):
    session = make.session(capacity=4, wheelchair_spaces=1, max_seats_per_registration=4)
    party = book(session, seats=2)
    bookings.change_seats(party.id, 3, wheelchair_spaces=1)
    db.session.commit()
    assert counters(session) == (2, 1)
    other = book(session, seats=1)
    refused(SessionFull, bookings.change_seats, other.id, 2, wheelchair_spaces=1)  # the one space is taken
    assert counters(session) == (3, 1)
    # Fewer people: the wheelchair user stays counted, one companion goes.
    bookings.change_seats(party.id, 2)
    db.session.commit()
    assert counters(session) == (2, 1)
    assert (party.seats, party.wheelchair_spaces) == (2, 1)
    # One person left alone: the wheelchair user, who takes the space and no seat.
    bookings.change_seats(party.id, 1)
    db.session.commit()
    assert counters(session) == (1, 1)
    error = refused(ValidationFailed, bookings.change_seats, party.id, 1, wheelchair_spaces=2)
    assert "wheelchair_spaces" in error.fields


def test_a_freed_space_goes_to_the_party_waiting_for_it_when_a_booking_shrinks(make, book):
    session = make.session(capacity=10, wheelchair_spaces=1)
    party = book(session, seats=2, wheelchair_spaces=1)
    waiting = book(session, seats=1, wheelchair_spaces=1)
    bookings.change_seats(party.id, 2, wheelchair_spaces=0)  # after all, both walk
    db.session.commit()
    assert statuses(waiting) == [CONFIRMED]
    assert counters(session) == (2, 1)


def test_an_organiser_promoting_out_of_turn_adds_the_missing_space(make, book):
    session = make.session(capacity=5, wheelchair_spaces=1)
    book(session, seats=1, wheelchair_spaces=1)
    waiting = book(session, seats=2, wheelchair_spaces=1)
    refused(SessionFull, bookings.promote, waiting.id)
    bookings.promote(waiting.id, add_seats=True)
    db.session.commit()
    after = fresh(session)
    assert statuses(waiting) == [CONFIRMED]
    assert (after.capacity, after.wheelchair_spaces, after.seats_taken, after.wheelchair_spaces_taken) == (5, 2, 1, 2)


def test_cancelling_the_session_gives_back_every_space(make, book):
    session = make.session(capacity=5, wheelchair_spaces=2)
    book(session, seats=2, wheelchair_spaces=2)
    book(session, seats=1, wheelchair_spaces=1)  # waits
    bookings.cancel_session(session.id)
    db.session.commit()
    assert counters(session) == (0, 0)
    assert not db.session.scalars(sa.select(Registration).where(Registration.status != CANCELLED)).all()


def test_an_organisers_group_takes_spaces_within_the_pool_and_never_waits(make, book):
    from booking.services.bookings import GroupBooking
    session = make.session(capacity=20, wheelchair_spaces=2)
    group = make.registration(session, seats=8, wheelchair_spaces=2, group=GroupBooking(structure="Centre social"))
    assert group.status == CONFIRMED and counters(session) == (6, 2)
    refused(SessionFull, make.registration, session, seats=2, wheelchair_spaces=1,
            group=GroupBooking(structure="Foyer"))


def test_the_database_refuses_more_spaces_taken_than_the_ceiling(make):
    session = make.session(capacity=5, wheelchair_spaces=1)
    with pytest.raises(IntegrityError):
        db.session.execute(sa.update(Session).where(Session.id == session.id).values(wheelchair_spaces_taken=2))
    db.session.rollback()


def test_the_database_refuses_more_wheelchair_users_than_people_in_the_party(make, book):
    registration = book(make.session(wheelchair_spaces=3), seats=1, wheelchair_spaces=1)
    with pytest.raises(IntegrityError):
        db.session.execute(sa.update(Registration).where(Registration.id == registration.id).values(wheelchair_spaces=2))
    db.session.rollback()


def test_an_organiser_cancelling_for_someone_gives_back_the_space(make, book):
    session = make.session(capacity=5, wheelchair_spaces=1)
    party = book(session, seats=1, wheelchair_spaces=1)
    bookings.cancel(party.id, by=CancelledBy.ORGANISER)
    db.session.commit()
    assert counters(session) == (0, 0)


def test_seats_held_for_a_partner_leave_the_wheelchair_spaces_to_the_public(make, book):
    from datetime import timedelta

    from booking.models import utcnow

    session = make.session(capacity=4, wheelchair_spaces=1, starts_in=timedelta(days=7))
    bookings.allocate(session.id, bookings.AllocationRequest(
        partner="Foyer Les Tilleuls", contact_email="nadia@foyer.example", seats=3,
        release_at=utcnow() + timedelta(days=3)))
    db.session.commit()
    seated = book(session, seats=1)  # the one seat not held
    alone = book(session, seats=1, wheelchair_spaces=1)  # takes the space, no seat
    companion = book(session, seats=2, wheelchair_spaces=1)  # its companion needs a seat: all held or taken
    assert statuses(seated, alone, companion) == [CONFIRMED, CONFIRMED, WAITLISTED]
    after = fresh(session)
    assert (after.seats_taken, after.seats_held, after.wheelchair_spaces_taken) == (1, 3, 1)


def test_an_offer_holds_the_wheelchair_space_until_it_lapses_then_it_goes_to_the_next_party(make, book):
    from datetime import timedelta

    from booking.models import utcnow
    from booking.services.bookings import offers

    session = make.session(capacity=10, wheelchair_spaces=1, offer_hours=24, starts_in=timedelta(days=10))
    holder = book(session, seats=1, wheelchair_spaces=1)
    first, second = book(session, seats=2, wheelchair_spaces=1), book(session, seats=1, wheelchair_spaces=1)
    bookings.cancel(holder.id)
    db.session.commit()
    assert statuses(first, second) == ["offered", WAITLISTED]
    assert counters(session) == (1, 1)  # offered seats and spaces count as taken

    offers.expire_due(utcnow() + timedelta(days=2))
    db.session.commit()
    assert statuses(first, second) == [CANCELLED, "offered"]
    assert counters(session) == (0, 1)
