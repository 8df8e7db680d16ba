"""Personal calendar feeds: one secret address per email, listing that person's bookings.

No account is needed, but a proof of reading the address is: a link emailed
to it or a confirmed account (``privacy.proof``, checked by the pages), never a
booking's manage link alone. The feed's entries link to the public event pages,
never to a booking's secret link. Functions flush; the caller commits.
"""

import hmac
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from booking.extensions import db
from booking.models import (
    CalendarFeed,
    Event,
    Registration,
    RegistrationStatus,
    Session,
    new_secret_token,
    normalise_email,
    utcnow,
)

TOKEN_MAX_LENGTH = 64
# Bookings of sessions that ended longer ago than this drop out of the feed.
HISTORY = timedelta(days=90)


def feed_for(email: str) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.email == normalise_email(email)))


def get_or_create_feed(email: str) -> CalendarFeed:
    feed = feed_for(email)
    if feed is not None:
        return feed
    feed = CalendarFeed(email=normalise_email(email), token=new_secret_token())
    try:
        with db.session.begin_nested():
            db.session.add(feed)
    except IntegrityError:  # asked for twice at once: the other request made it
        return feed_for(email)
    return feed


def revoke_feed(email: str) -> CalendarFeed:
    """Give the feed a new secret: the old address stops working at once."""
    feed = get_or_create_feed(email)
    feed.token = new_secret_token()
    db.session.flush()
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None or not hmac.compare_digest(feed.token, token):
        return None
    return feed


def feed_registrations(email: str, now: datetime | None = None) -> list[Registration]:
    """The person's bookings for the feed: confirmed ones, and cancelled ones that had held a seat.

    A cancelled booking stays (as STATUS:CANCELLED) so that calendars which
    had it learn of the cancellation; places on a waiting list are left out.
    """
    since = (now or utcnow()) - HISTORY
    return db.session.scalars(
        sa.select(Registration)
        .join(Session, Registration.session_id == Session.id)
        .where(
            Registration.email_key == normalise_email(email),
            sa.or_(
                Registration.status == RegistrationStatus.CONFIRMED,
                sa.and_(Registration.status == RegistrationStatus.CANCELLED, Registration.confirmed_at.is_not(None)),
            ),
            Session.ends_at >= since,
        )
        .options(joinedload(Registration.session).joinedload(Session.event).joinedload(Event.venue))
        .order_by(Session.starts_at, Registration.id)
    ).all()
