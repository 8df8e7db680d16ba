"""Reading: what a session offers and where a party stands, for pages, the API and the rules alike."""

from datetime import datetime

import sqlalchemy as sa

from booking.extensions import db
from booking.models import EventStatus, Registration, RegistrationStatus, Session, utcnow
from booking.services import seats as seat_rules


def session_availability(session: Session, now: datetime | None = None) -> seat_rules.Availability:
    """What the session offers right now, for pages, the API and ``book`` alike."""
    event_cancelled = session.event.status == EventStatus.CANCELLED
    return seat_rules.availability(
        cancelled=session.is_cancelled or event_cancelled,
        # Closed by hand is closed, even before the window was due to open.
        opens_at=None if session.closed_by_hand else session.registration_opens_at,
        closes_at=session.effective_closes_at,
        seats_left=session.seats_left,
        waitlist_enabled=session.waitlist_enabled,
        now=now or utcnow(),
        spaces_left=session.wheelchair_spaces_left,
    )


def attendee_may_change(registration: Registration, now: datetime | None = None) -> bool:
    """Whether the person may still cancel or change their booking themselves: active, not yet started."""
    return registration.is_active and (now or utcnow()) < registration.session.starts_at


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first party waiting; None when not on the waiting list."""
    if not registration.is_waitlisted:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.session_id == registration.session_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.id < registration.id,
        )
    )
    return ahead + 1


def has_room() -> sa.ColumnElement[bool]:
    """A session with seats or wheelchair spaces left, as a condition on sessions: ``seat_rules.availability``'s
    rule for an open session, for lists that filter on it (the programme's "only with free seats")."""
    return sa.or_(Session.seats_committed < Session.capacity,
                  Session.wheelchair_spaces_taken < Session.wheelchair_spaces)


def waitlist_counts(session_ids: list[int]) -> dict[int, int]:
    """Parties waiting per session, in one query; sessions nobody waits for are left out."""
    if not session_ids:
        return {}
    rows = db.session.execute(sa.select(Session.id, waiting_parties()).where(Session.id.in_(session_ids)))
    return {session_id: waiting for session_id, waiting in rows if waiting}


def waiting_parties() -> sa.ScalarSelect:
    """The parties on a session's waiting list, as a column of a statement on sessions (an index probe each): the
    one count of a waiting list, for ``waitlist_counts`` and for lists that read it with their sessions."""
    return (
        sa.select(sa.func.count())
        .where(Registration.session_id == Session.id, Registration.status == RegistrationStatus.WAITLISTED)
        .scalar_subquery()
    )


def sessions_ever_booked(session_ids: list[int]) -> set[int]:
    """The sessions among ``session_ids`` that had a booking, whatever became of it (cancelled ones count)."""
    if not session_ids:
        return set()
    return set(db.session.scalars(
        sa.select(Registration.session_id).where(Registration.session_id.in_(session_ids)).distinct()))
