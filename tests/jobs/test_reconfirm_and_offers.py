"""Reconfirm or release, and offers that expire, driven by ``booking tick --now`` (a controlled clock)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, Registration, Session, utcnow
from booking.services import bookings
from booking.services.bookings import timeline
from booking.services.errors import NotOffered, OfferExpired
from tests.jobs.conftest import line_of, outbox

DAY, HOUR, MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)


def fresh(registration: Registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def seats_taken(session: Session) -> int:
    db.session.expire_all()
    return db.session.get(Session, session.id).seats_taken


def kinds_to(registration: Registration) -> list[str]:
    """The emails queued for a booking, in order (the usual reminder the day before aside)."""
    return db.session.scalars(sa.select(OutboxMessage.kind).where(OutboxMessage.registration_id == registration.id,
                                                                  OutboxMessage.kind != "reminder")
                              .order_by(OutboxMessage.id)).all()


@pytest.fixture
def full_session(make):
    """A session in ten days asking 7 days before; 2 seats, both booked, two parties waiting (2 and 1 seats)."""
    session = make.session(capacity=2, starts_in=10 * DAY, reconfirm_days_before=7)
    booked = [make.registration(session, email="ana@example.org"), make.registration(session, email="bo@example.org")]
    waiting = [make.registration(session, seats=2, email="cy@example.org"),
               make.registration(session, email="di@example.org")]
    return session, booked, waiting


def test_the_whole_reconfirmation_timeline_ask_remind_release_promote(full_session, tick_at):
    session, (ana, bo), (cy, di) = full_session
    starts = session.starts_at
    assert "reconfirm-ask: ran, 0" in line_of(tick_at(starts - 7 * DAY - HOUR), "reconfirm-ask")

    asked_at = starts - 7 * DAY + MINUTE
    assert line_of(tick_at(asked_at), "reconfirm-ask") == "reconfirm-ask: ran, 2 booking(s) asked to reconfirm."
    assert fresh(ana).reconfirm_status == fresh(bo).reconfirm_status == "requested"
    [ask] = [m for m in outbox("reconfirm_ask") if m.registration_id == ana.id]
    assert ask.payload["deadline"] == timeline.release_at(starts).isoformat()

    bookings.reconfirm(ana.id, now=asked_at + HOUR)  # Ana says "I'm coming"
    db.session.commit()

    # Halfway to the deadline (24 h before the start), only Bo, who has not answered, is reminded.
    halfway = timeline.remind_at(asked_at, starts)
    assert "ran, 0" in line_of(tick_at(halfway - 10 * MINUTE), "reconfirm-remind")
    assert "ran, 1 " in line_of(tick_at(halfway + MINUTE), "reconfirm-remind")
    assert [m.registration_id for m in outbox("reconfirm_reminder")] == [bo.id]

    # At the deadline Bo is released; his seat goes to Di (Cy's party of 2 does not fit: skipped, not dropped).
    out = tick_at(timeline.release_at(starts) + MINUTE)
    assert "ran, 1 unconfirmed booking(s) released" in line_of(out, "reconfirm-release")
    bo, di, cy = fresh(bo), fresh(di), fresh(cy)
    assert (bo.status, bo.reconfirm_status, bo.cancelled_by) == ("cancelled", "released", "released")
    assert di.status == "confirmed" and di.promoted_at is not None
    assert cy.status == "waitlisted"
    assert fresh(ana).status == "confirmed"
    assert seats_taken(session) == 2
    [released] = outbox("released")
    assert released.registration_id == bo.id and released.payload["seats_left"] == 0

    # Every email once, however many ticks run.
    for hours in range(1, 6):
        tick_at(timeline.release_at(starts) + hours * HOUR)
    assert kinds_to(ana) == ["booking_confirmed", "reconfirm_ask"]
    assert kinds_to(bo) == ["booking_confirmed", "reconfirm_ask", "reconfirm_reminder", "released"]
    assert kinds_to(di) == ["waitlisted", "promoted"]


def test_people_who_booked_after_the_question_are_not_asked_and_bookings_without_email_are_never_released(make, tick_at):
    session = make.session(capacity=5, starts_in=10 * DAY, reconfirm_days_before=7)
    early = make.registration(session)
    late = make.registration(session, now=session.starts_at - 5 * DAY)
    tick_at(session.starts_at - 4 * DAY)
    assert fresh(early).reconfirm_status == "requested"
    assert fresh(late).reconfirm_status is None
    tick_at(session.starts_at - 12 * HOUR)
    assert fresh(early).status == "cancelled" and fresh(late).status == "confirmed"


def test_a_released_person_is_offered_a_link_to_book_again_when_seats_remain(make, tick_at):
    session = make.session(capacity=3, starts_in=5 * DAY, reconfirm_days_before=3)
    silent = make.registration(session)
    tick_at(session.starts_at - 3 * DAY + MINUTE)
    tick_at(session.starts_at - 23 * HOUR)
    [released] = outbox("released")
    assert released.registration_id == silent.id and released.payload["seats_left"] == 3
    assert seats_taken(session) == 0


def test_sessions_without_reconfirmation_ask_nobody(make, tick_at):
    session = make.session(capacity=3, starts_in=5 * DAY)
    booked = make.registration(session)
    for days in (4, 3, 2, 1):
        tick_at(session.starts_at - days * DAY + MINUTE)
    tick_at(session.starts_at - 12 * HOUR)
    assert fresh(booked).status == "confirmed" and fresh(booked).reconfirm_status is None
    assert outbox("reconfirm_ask") == []


# -- Offers that expire -------------------------------------------------------------------


@pytest.fixture
def offering_session(make):
    """Starts in 3 days; offers last 12 hours. 3 seats, all booked; waiting: parties of 2, 1 and 1."""
    session = make.session(capacity=3, starts_in=3 * DAY, offer_hours=12)
    booked = [make.registration(session, seats=2), make.registration(session)]
    waiting = [make.registration(session, seats=2, email=f"w{n}@example.org") for n in range(1)]
    waiting += [make.registration(session, email=f"x{n}@example.org") for n in range(2)]
    return session, booked, waiting


def test_freed_seats_are_offered_to_the_first_party_that_fits_and_count_as_taken(offering_session):
    session, (pair, single), (two, one_a, one_b) = offering_session
    now = utcnow()
    bookings.cancel(single.id, now=now)
    db.session.commit()
    # One seat free: the party of 2 does not fit (skipped, not dropped); the first single gets the offer.
    assert fresh(two).status == "waitlisted"
    offered = fresh(one_a)
    assert offered.status == "offered"
    assert offered.offer_expires_at == now + 12 * HOUR
    assert seats_taken(session) == 3
    assert session.seats_left == 0 or db.session.get(Session, session.id).seats_left == 0
    [message] = outbox("offered")
    assert message.registration_id == one_a.id and message.payload["deadline"] == (now + 12 * HOUR).isoformat()


def test_offers_accepted_declined_and_expired_in_a_chain(offering_session, tick_at):
    session, (pair, single), (two, one_a, one_b) = offering_session
    now = utcnow()
    bookings.cancel(pair.id, now=now)  # 2 seats free: the party of two is offered them
    db.session.commit()
    assert fresh(two).status == "offered" and fresh(one_a).status == "waitlisted"

    bookings.decline(two.id, now=now + HOUR)  # no thanks: they go to the next parties that fit
    db.session.commit()
    assert fresh(two).status == "cancelled"
    assert fresh(one_a).status == fresh(one_b).status == "offered"
    assert seats_taken(session) == 3

    bookings.accept(one_a.id, now=now + 2 * HOUR)
    db.session.commit()
    accepted = fresh(one_a)
    assert accepted.status == "confirmed" and accepted.confirmed_at == accepted.promoted_at == now + 2 * HOUR
    assert kinds_to(one_a)[-1] == "promoted"
    bookings.accept(one_a.id, now=now + 2 * HOUR)  # a second click changes nothing
    assert kinds_to(one_a).count("promoted") == 1

    # One_b lets the offer run out: it expires, and with nobody left waiting the seat is free again.
    expires = fresh(one_b).offer_expires_at
    assert "ran, 0" in line_of(tick_at(expires - MINUTE), "offers-expire")
    assert "ran, 1 offer(s) expired" in line_of(tick_at(expires + MINUTE), "offers-expire")
    lapsed = fresh(one_b)
    assert (lapsed.status, lapsed.cancelled_by) == ("cancelled", "offer_expired")
    assert seats_taken(session) == 2
    with pytest.raises(OfferExpired):
        bookings.accept(one_b.id, now=expires + 2 * MINUTE)
    db.session.rollback()
    tick_at(expires + HOUR)
    assert kinds_to(one_b) == ["waitlisted", "offered", "offer_expired"]


def test_an_expired_offer_passes_to_the_next_party_and_a_late_accept_is_refused(offering_session, tick_at):
    session, (pair, single), (two, one_a, one_b) = offering_session
    now = utcnow()
    bookings.cancel(single.id, now=now)
    db.session.commit()
    first_deadline = fresh(one_a).offer_expires_at
    with pytest.raises(OfferExpired):  # the deadline passed, the job has not run yet: still too late
        bookings.accept(one_a.id, now=first_deadline)
    db.session.rollback()
    tick_at(first_deadline + MINUTE)
    assert fresh(one_a).status == "cancelled"
    following = fresh(one_b)
    assert following.status == "offered"
    assert following.offer_expires_at == first_deadline + MINUTE + 12 * HOUR
    with pytest.raises(NotOffered):
        bookings.accept(two.id, now=first_deadline + 2 * MINUTE)
    db.session.rollback()
    assert seats_taken(session) == 3


def test_offers_are_shortened_near_the_start_and_given_at_once_at_the_very_end(make):
    session = make.session(capacity=1, starts_in=3 * DAY, offer_hours=12)
    booked = make.registration(session)
    first, second = make.registration(session), make.registration(session)
    starts = session.starts_at

    # Five hours before the start, a 12-hour offer would end after it: it ends 2 hours before the start.
    bookings.cancel(booked.id, now=starts - 5 * HOUR)
    db.session.commit()
    assert fresh(first).offer_expires_at == starts - timeline.OFFERS_SETTLED_BEFORE_START

    # Less than 30 minutes of offer would be left: the next party gets the seat at once.
    bookings.decline(first.id, now=starts - 2 * HOUR - 20 * MINUTE)
    db.session.commit()
    given = fresh(second)
    assert given.status == "confirmed" and given.offer_expires_at is None
    assert kinds_to(second) == ["waitlisted", "promoted"]


def test_timeline_rules_on_plain_values():
    starts = utcnow()
    assert timeline.offer_expires_at(starts - 3 * DAY, starts, 12) == starts - 3 * DAY + 12 * HOUR
    assert timeline.offer_expires_at(starts - 3 * HOUR, starts, 12) == starts - 2 * HOUR
    assert timeline.offer_expires_at(starts - 2 * HOUR - 29 * MINUTE, starts, 12) is None
    assert timeline.offer_expires_at(starts - 2 * HOUR - 30 * MINUTE, starts, 12) == starts - 2 * HOUR
    asked = starts - 7 * DAY
    assert timeline.remind_at(asked, starts) == asked + 3 * DAY
