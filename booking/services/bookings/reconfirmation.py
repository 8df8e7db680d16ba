"""Reconfirm or release: people booked on a session that asks for it say whether they still come.

The timed jobs (``booking/jobs/registry.py``) call ``ask_due``, ``remind_due`` and ``release_due``
with the ``now`` of the tick; the person answers with ``reconfirm`` (or cancels, as ever, with
``bookings.cancel``). When each step falls due is decided in ``timeline``. Every email is queued
once: the registration's own columns say what was done, and an outbox ``dedupe_key`` backs them.
Group bookings are asked like the others, through the email they were booked with (their contact);
a booking with no email cannot be asked, so it is never released.
"""

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import (
    CancelledBy,
    Event,
    EventStatus,
    ReconfirmStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    utcnow,
)
from booking.services.bookings import locking, placement, timeline
from booking.services.errors import AlreadyCancelled, NotConfirmed, RegistrationClosed


def reconfirm(registration_id: int, *, now: datetime | None = None) -> Registration:
    """The person says "I'm coming": their booking is kept. Saying it twice is no error."""
    now = now or utcnow()
    registration = locking.lock_registration(registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise AlreadyCancelled()
    if not registration.is_confirmed:
        raise NotConfirmed(_l("Only a confirmed booking can be reconfirmed."))
    if now >= registration.session.starts_at:
        raise RegistrationClosed(_l("This session has already started."))
    registration.reconfirm_status = ReconfirmStatus.RECONFIRMED
    db.session.flush()
    return registration


def reconfirm_deadline(session: Session) -> datetime:
    """Until when the people asked may answer."""
    return timeline.release_at(session.starts_at)


def _scheduled_sessions(now: datetime, *, starting_after: datetime, starting_before: datetime) -> list[Session]:
    return db.session.scalars(
        sa.select(Session)
        .join(Event, Session.event_id == Event.id)
        .where(
            Session.reconfirm_days_before.is_not(None),
            Session.status == SessionStatus.SCHEDULED,
            Event.status == EventStatus.PUBLISHED,
            Session.starts_at > starting_after,
            Session.starts_at <= starting_before,
        )
        .order_by(Session.id)
    ).all()


def _registrations(session_id: int, *where) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session_id, Registration.status == RegistrationStatus.CONFIRMED,
               Registration.email != "", *where)
        .order_by(Registration.id)
        .execution_options(populate_existing=True)  # fresh under the session's lock
    ).all()


def ask_due(now: datetime) -> int:
    """Ask each confirmed person of the sessions whose time to ask has come; returns how many were asked."""
    asked = 0
    horizon = now + timedelta(days=timeline.RECONFIRM_DAYS_MAX)
    for candidate in _scheduled_sessions(now, starting_after=now + timeline.RELEASE_BEFORE_START,
                                         starting_before=horizon):
        ask_from = timeline.ask_at(candidate.starts_at, candidate.reconfirm_days_before)
        if now < ask_from:
            continue
        session = locking.lock_session(candidate.id)
        deadline = timeline.release_at(session.starts_at)
        for registration in _registrations(session.id, Registration.reconfirm_status.is_(None),
                                           Registration.confirmed_at <= ask_from):
            registration.reconfirm_status = ReconfirmStatus.REQUESTED
            registration.reconfirm_requested_at = now
            enqueue_for_registration(MessageKind.RECONFIRM_ASK, registration,
                                     dedupe_key=f"reconfirm-ask:{registration.id}", deadline=deadline.isoformat())
            asked += 1
    db.session.flush()
    return asked


def remind_due(now: datetime) -> int:
    """Remind, once, those asked who have not answered halfway to the deadline; returns how many."""
    reminded = 0
    for candidate in _scheduled_sessions(now, starting_after=now + timeline.RELEASE_BEFORE_START,
                                         starting_before=now + timedelta(days=timeline.RECONFIRM_DAYS_MAX)):
        waiting_answer = _registrations(candidate.id, Registration.reconfirm_status == ReconfirmStatus.REQUESTED,
                                        Registration.reconfirm_reminded_at.is_(None))
        due = [r for r in waiting_answer if now >= timeline.remind_at(r.reconfirm_requested_at, candidate.starts_at)]
        if not due:
            continue
        session = locking.lock_session(candidate.id)
        deadline = timeline.release_at(session.starts_at)
        for registration in _registrations(session.id, Registration.id.in_([r.id for r in due]),
                                           Registration.reconfirm_status == ReconfirmStatus.REQUESTED,
                                           Registration.reconfirm_reminded_at.is_(None)):
            registration.reconfirm_reminded_at = now
            enqueue_for_registration(MessageKind.RECONFIRM_REMINDER, registration,
                                     dedupe_key=f"reconfirm-remind:{registration.id}",
                                     deadline=deadline.isoformat())
            reminded += 1
    db.session.flush()
    return reminded


def release_due(now: datetime) -> int:
    """Release the bookings still unanswered at the deadline; their seats go to the waiting list.

    Each released person is told kindly, with a link to book again when seats remain once the
    waiting list has had its turn. Returns how many bookings were released.
    """
    unanswered = db.session.execute(
        sa.select(Registration.id, Registration.session_id)
        .join(Session, Registration.session_id == Session.id)
        .where(
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.reconfirm_status == ReconfirmStatus.REQUESTED,
            Session.status == SessionStatus.SCHEDULED,
            Session.starts_at > now,
            Session.starts_at <= now + timeline.RELEASE_BEFORE_START,
        )
        .order_by(Registration.id)
    ).all()
    by_session: dict[int, list[int]] = defaultdict(list)
    for registration_id, session_id in unanswered:
        by_session[session_id].append(registration_id)
    released_count = 0
    for session_id, ids in by_session.items():
        session = locking.lock_session(session_id)
        released = _registrations(session.id, Registration.id.in_(ids),
                                  Registration.reconfirm_status == ReconfirmStatus.REQUESTED)
        for registration in released:
            placement.release(session, registration, CancelledBy.RELEASED, now)
            registration.reconfirm_status = ReconfirmStatus.RELEASED
        placement.promote_waiting(session, now)
        for registration in released:
            enqueue_for_registration(MessageKind.RELEASED, registration, dedupe_key=f"released:{registration.id}",
                                     seats_left=session.seats_left)
        released_count += len(released)
    db.session.flush()
    return released_count
