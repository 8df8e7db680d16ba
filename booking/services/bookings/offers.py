"""Offers that expire: freed seats held for a waiting party, who accepts or declines before a deadline.

Offers are made by ``placement.offer_or_promote`` wherever seats free up (a cancellation, a release,
more capacity) on a session with ``offer_hours``; how long one lasts is ``timeline.offer_expires_at``.
Offered seats count as taken. Accepting confirms them; declining, or the deadline passing (the
``offers-expire`` job calls ``expire_due``), frees them for the next party that fits.
"""

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import CancelledBy, Registration, RegistrationStatus, utcnow
from booking.services.bookings import locking, placement
from booking.services.errors import AlreadyCancelled, NotOffered, OfferExpired


def accept(registration_id: int, *, now: datetime | None = None) -> Registration:
    """The party takes the seats offered: confirmed, with its invite. Accepting twice is no error."""
    now = now or utcnow()
    registration = locking.lock_registration(registration_id)
    if registration.is_confirmed and registration.promoted_at is not None:
        return registration  # accepted already (a second click, a retried request)
    if registration.status == RegistrationStatus.CANCELLED and registration.cancelled_by == CancelledBy.OFFER_EXPIRED:
        raise OfferExpired()
    if not registration.is_offered:
        raise NotOffered()
    if now >= registration.offer_expires_at:  # the job has not passed it on yet; it is no longer this party's
        raise OfferExpired()
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = registration.promoted_at = now
    registration.offer_expires_at = None
    enqueue_for_registration(MessageKind.PROMOTED, registration)
    db.session.flush()
    return registration


def decline(registration_id: int, *, now: datetime | None = None) -> Registration:
    """The party says no thanks: its place is given up and the seats go to the next party that fits."""
    now = now or utcnow()
    registration = locking.lock_registration(registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise AlreadyCancelled()
    if not registration.is_offered:
        raise NotOffered()
    session = registration.session
    placement.release(session, registration, CancelledBy.ATTENDEE, now)
    enqueue_for_registration(MessageKind.CANCELLED, registration, cancelled_by=str(CancelledBy.ATTENDEE))
    placement.promote_waiting(session, now)
    db.session.flush()
    return registration


def expire_due(now: datetime) -> int:
    """Offers whose deadline has passed go to the next party that fits; returns how many expired."""
    lapsed = db.session.execute(
        sa.select(Registration.id, Registration.session_id)
        .where(Registration.status == RegistrationStatus.OFFERED, Registration.offer_expires_at <= now)
        .order_by(Registration.id)
    ).all()
    by_session: dict[int, list[int]] = defaultdict(list)
    for registration_id, session_id in lapsed:
        by_session[session_id].append(registration_id)
    expired = 0
    for session_id, ids in by_session.items():
        session = locking.lock_session(session_id)
        for registration in db.session.scalars(
            sa.select(Registration)
            .where(Registration.id.in_(ids), Registration.status == RegistrationStatus.OFFERED,
                   Registration.offer_expires_at <= now)
            .order_by(Registration.id)
            .execution_options(populate_existing=True)
        ).all():
            placement.release(session, registration, CancelledBy.OFFER_EXPIRED, now)
            enqueue_for_registration(MessageKind.OFFER_EXPIRED, registration,
                                     dedupe_key=f"offer-expired:{registration.id}")
            expired += 1
        placement.promote_waiting(session, now)
    db.session.flush()
    return expired
