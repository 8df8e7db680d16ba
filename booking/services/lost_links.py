"""A lost booking link: every active booking of an address gets its link again, in one email to that address.

Sending the links to the address they were booked with proves nothing new and reveals nothing: only the
mailbox's reader sees them. The page answers the same whether or not the address is known, and nothing
is sent to an address without an active booking.
"""

from datetime import datetime

import sqlalchemy as sa

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue
from booking.models import ACTIVE_STATUSES, Registration, Session, delivery_email, normalise_email, utcnow

LINKS_MAX = 50  # the most bookings listed in one email


def send_booking_links(email: str, locale: str, *, now: datetime | None = None) -> bool:
    """Queue one email listing the links of every active, not yet ended booking of ``email``.

    Returns whether one was queued (for tests and logs only: the page must not show it).
    """
    key = normalise_email(email or "")
    if not key:
        return False
    rows = db.session.scalars(
        sa.select(Registration).join(Session, Registration.session_id == Session.id)
        .where(Registration.email_key == key, Registration.status.in_(ACTIVE_STATUSES),
               Session.is_upcoming(now or utcnow()))
        .order_by(Session.starts_at, Registration.id)
        .limit(LINKS_MAX)
    ).all()
    if not rows:
        return False
    listed = [{
        "event_title": r.session.event.title,
        "starts_at": r.session.starts_at.isoformat(),
        "timezone": r.session.event.venue.timezone,
        "status": r.status,
        "seats": r.seats,
        "manage_token": r.manage_token,
    } for r in rows]
    enqueue(MessageKind.BOOKING_LINKS, delivery_email(email), locale, name=rows[0].name, bookings=listed)
    db.session.flush()
    return True
