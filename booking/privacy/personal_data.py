"""A person's data: what we hold about them, erasing it, and forgetting it in time.

Erasure and the retention purge keep the rows (so seat counts, attendance and
dashboard totals stay right) but replace every personal field. Emails become a
keyed pseudonym, the same for every booking of one person; each booking keeps
its ``person_ref``, so "people reached" and "returning attendees" still add up
after a purge.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import (
    ACTIVE_STATUSES,
    CalendarFeed,
    OutboxMessage,
    OutboxStatus,
    Registration,
    Session,
    User,
    normalise_email,
    utcnow,
)
from booking.services import bookings
from booking.services.pseudonyms import ANONYMOUS_DOMAIN, anonymous_email, is_anonymous_email

ANONYMOUS_NAME = "—"
PURGE_BATCH = 500


def registrations_of(email: str) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.email_key == normalise_email(email))
        .order_by(Registration.id)
    ).all()


def export_personal_data(email: str) -> dict:
    """Everything Guichet holds about the person with this email, as plain JSON values."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    return {
        "email": email,
        "exported_at": utcnow().isoformat(),
        "account": None if user is None else {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "created_at": user.created_at.isoformat(),
        },
        "registrations": [_registration_data(r) for r in registrations_of(email)],
    }


def _registration_data(registration: Registration) -> dict:
    session = registration.session
    return {
        "event": session.event.title,
        "session_starts_at": session.starts_at.isoformat(),
        "venue": session.event.venue.full_address,
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "seats": registration.seats,
        "status": registration.status,
        "answers": registration.answers,
        "accessibility_needs": registration.accessibility_needs,
        "partner_structure": registration.partner_structure,
        "created_at": registration.created_at.isoformat(),
        "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
        "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
        "checked_in_at": registration.checked_in_at.isoformat() if registration.checked_in_at else None,
    }


def erase_person(email: str, *, now: datetime | None = None) -> int:
    """Cancel the person's upcoming bookings (freeing seats for others), then anonymise everything.

    Returns the number of registrations anonymised.
    """
    now = now or utcnow()
    registrations = registrations_of(email)
    for registration in registrations:
        if registration.status in ACTIVE_STATUSES and registration.session.starts_at > now:
            bookings.cancel(registration.id, by=bookings.CancelledBy.ATTENDEE, now=now)
    for registration in registrations:
        _anonymise(registration)
    _forget_account_and_feed(email)
    db.session.flush()
    return len(registrations)


def purge_personal_data(older_than_days: int, *, now: datetime | None = None) -> int:
    """Anonymise attendees of sessions that ended more than ``older_than_days`` ago."""
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    ids = db.session.scalars(
        sa.select(Registration.id)
        .join(Session, Registration.session_id == Session.id)
        .where(Session.ends_at < cutoff, ~Registration.email.like(f"%@{ANONYMOUS_DOMAIN}"))
        .order_by(Registration.id)
    ).all()
    for start in range(0, len(ids), PURGE_BATCH):
        batch = db.session.scalars(sa.select(Registration).where(Registration.id.in_(ids[start:start + PURGE_BATCH])))
        for registration in batch:
            _anonymise(registration)
        db.session.flush()
    return len(ids)


def _anonymise(registration: Registration) -> None:
    if not is_anonymous_email(registration.email):
        registration.email = anonymous_email(registration.email)
    registration.name = ANONYMOUS_NAME
    registration.phone = None
    registration.answers = {}
    registration.accessibility_needs = ""
    registration.user_id = None
    # Emails not yet sent about this booking would carry the old address: drop them.
    db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.registration_id == registration.id,
            OutboxMessage.status != OutboxStatus.SENT,
        )
    )
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.registration_id == registration.id)
        .values(recipient=registration.email, payload={})
    )


def _forget_account_and_feed(email: str) -> None:
    normalised = normalise_email(email)
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.email == normalised))
    user = db.session.scalar(sa.select(User).where(User.email == normalised))
    if user is not None:
        user.email = anonymous_email(normalised)
        user.name = ANONYMOUS_NAME
        user.password_hash = None
        user.active = False
        user.calendar_token = None
        user.teams = []
