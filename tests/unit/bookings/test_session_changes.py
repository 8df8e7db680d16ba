"""Rescheduling or cancelling a session, and checking people in at the door."""

from datetime import timedelta

from booking.extensions import db
from booking.models import Registration
from booking.services import bookings
from booking.services.bookings import CancelledBy
from booking.services.errors import Cancelled, NotConfirmed, NotFound, ValidationFailed
from tests.unit.bookings.helpers import CANCELLED, fresh, outbox, refused, statuses


def test_reschedule_raises_sequences_and_tells_everyone_active(make, book):
    session = make.session(capacity=1)
    confirmed, waiting, gone = book(session), book(session), book(session)
    bookings.cancel(gone.id)
    db.session.commit()
    before = {r.id: db.session.get(Registration, r.id).sequence for r in (confirmed, waiting, gone)}
    starts_at = session.starts_at + timedelta(days=1)
    bookings.reschedule(session.id, starts_at, starts_at + timedelta(hours=2))
    db.session.commit()
    after = fresh(session)
    assert after.starts_at == starts_at
    assert after.sequence == 1
    assert {r.id: db.session.get(Registration, r.id).sequence for r in (confirmed, waiting, gone)} == {
        confirmed.id: before[confirmed.id] + 1, waiting.id: before[waiting.id] + 1, gone.id: before[gone.id]}
    messages = outbox("rescheduled")
    assert sorted(m.registration_id for m in messages) == sorted([confirmed.id, waiting.id])
    assert all(m.payload["starts_at"] == starts_at.isoformat() for m in messages)


def test_reschedule_to_the_same_times_changes_nothing_unless_the_place_changed(make, book):
    session = make.session()
    book(session)
    bookings.reschedule(session.id, session.starts_at, session.ends_at)
    db.session.commit()
    assert (fresh(session).sequence, len(outbox("rescheduled"))) == (0, 0)
    bookings.reschedule(session.id, session.starts_at, session.ends_at, place_changed=True)
    db.session.commit()
    assert (fresh(session).sequence, len(outbox("rescheduled"))) == (1, 1)


def test_reschedule_refuses_an_end_before_the_start(make):
    session = make.session()
    refused(ValidationFailed, bookings.reschedule, session.id, session.starts_at, session.starts_at)


def test_reschedule_refuses_times_without_a_time_zone(make):
    session = make.session()
    naive = session.starts_at.replace(tzinfo=None) + timedelta(days=1)
    error = refused(ValidationFailed, bookings.reschedule, session.id, naive, naive + timedelta(hours=2))
    assert "starts_at" in error.fields
    assert fresh(session).sequence == 0


def test_cancelled_session_cannot_be_rescheduled(make):
    session = make.session()
    bookings.cancel_session(session.id)
    db.session.commit()
    refused(Cancelled, bookings.reschedule, session.id, session.starts_at + timedelta(days=1),
            session.ends_at + timedelta(days=1))


def test_cancel_session_cancels_everyone_frees_seats_and_tells_them(make, book):
    session = make.session(capacity=2)
    confirmed, waiting = book(session, seats=2), book(session)
    bookings.cancel_session(session.id)
    db.session.commit()
    after = fresh(session)
    assert (after.status, after.seats_taken, after.sequence) == ("cancelled", 0, 1)
    assert statuses(confirmed, waiting) == [CANCELLED, CANCELLED]
    assert {db.session.get(Registration, r.id).cancelled_by for r in (confirmed, waiting)} == {"session"}
    assert sorted(m.registration_id for m in outbox("session_cancelled")) == [confirmed.id, waiting.id]
    assert outbox("promoted") == []
    refused(Cancelled, bookings.cancel_session, session.id)


def test_check_in_marks_a_confirmed_party_and_can_be_undone(make, book):
    registration = book(make.session())
    assert bookings.check_in(registration.id).checked_in_at is not None
    db.session.commit()
    assert bookings.check_in(registration.id, undo=True).checked_in_at is None


def test_only_confirmed_parties_can_be_checked_in(make, book):
    session = make.session(capacity=1)
    confirmed, waiting = book(session), book(session)
    refused(NotConfirmed, bookings.check_in, waiting.id)
    bookings.cancel(confirmed.id, by=CancelledBy.ORGANISER)
    db.session.commit()
    refused(NotConfirmed, bookings.check_in, confirmed.id)
    refused(NotFound, bookings.check_in, 999_999)
