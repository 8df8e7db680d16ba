"""No-shows: people booked who neither came nor cancelled, as marked by an organiser after the start.

Never a ban: a person who missed ``NOTE_AFTER_MISSED`` sessions gets a gentle note with their next
booking confirmation (only the next one: once they have booked since their last missed session,
the note is not repeated until they miss another).
"""

from datetime import datetime

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, RegistrationStatus, utcnow
from booking.services.bookings import locking
from booking.services.errors import NotStartedYet

NOTE_AFTER_MISSED = 2


def mark_no_shows(session_id: int, *, now: datetime | None = None) -> int:
    """Mark every confirmed party of a started session that nobody checked in as a no-show; returns how many.

    Marking again only adds those not marked yet; checking a party in later takes its mark away.
    """
    now = now or utcnow()
    session = locking.lock_session(session_id)
    if now < session.starts_at:
        raise NotStartedYet()
    absent = db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.status == RegistrationStatus.CONFIRMED,
               Registration.checked_in_at.is_(None), Registration.no_show_at.is_(None))
        .execution_options(populate_existing=True)
    ).all()
    for registration in absent:
        registration.no_show_at = now
    db.session.flush()
    return len(absent)


def missed_sessions_note(registration: Registration) -> dict:
    """What a booking confirmation adds to say, gently, that the person missed sessions: ``{}`` or
    ``{"missed_sessions": n}``."""
    missed, latest = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(Registration.no_show_at))
        .where(Registration.email_key == registration.email_key, Registration.no_show_at.is_not(None))
    ).one()
    if missed < NOTE_AFTER_MISSED:
        return {}
    booked_since = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(Registration.email_key == registration.email_key, Registration.created_at > latest,
               Registration.id != registration.id)
    )
    return {"missed_sessions": int(missed)} if booked_since == 0 else {}
