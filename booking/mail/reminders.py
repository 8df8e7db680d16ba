"""Reminders the day before: queued by the worker's `reminders` job (booking/jobs), or `booking send-reminders`."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import (
    Event,
    EventStatus,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    utcnow,
)

REMINDER_WINDOW = timedelta(hours=24)


def reminder_key(registration_id: int) -> str:
    return f"reminder:{registration_id}"


def queue_reminders(now: datetime | None = None, window: timedelta = REMINDER_WINDOW) -> int:
    """Queue one reminder per confirmed booking of a session starting within ``window``; returns how many.

    Never twice for one registration: ``reminder_sent_at`` marks it, and the
    outbox's unique ``dedupe_key`` backs that up. Rows are locked with SKIP
    LOCKED on PostgreSQL, so two runs at once share the work instead of
    doubling it. Flushes; the caller commits.
    """
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(Registration)
        .join(Session, Registration.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
        .where(
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.reminder_sent_at.is_(None),
            Session.status == SessionStatus.SCHEDULED,
            Event.status != EventStatus.CANCELLED,
            Session.starts_at > now,
            Session.starts_at <= now + window,
        )
        .options(joinedload(Registration.session).joinedload(Session.event).joinedload(Event.venue))
        .order_by(Registration.id)
        .with_for_update(of=Registration, skip_locked=True)
    ).all()
    if not due:
        return 0
    keys = {reminder_key(registration.id) for registration in due}
    already = set(db.session.scalars(sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))))
    queued = 0
    for registration in due:
        registration.reminder_sent_at = now
        if reminder_key(registration.id) in already:
            continue
        enqueue_for_registration(MessageKind.REMINDER, registration, dedupe_key=reminder_key(registration.id))
        queued += 1
    db.session.flush()
    return queued
