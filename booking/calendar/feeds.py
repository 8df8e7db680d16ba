"""Personal calendar feeds: one secret address per email, listing that person's bookings.

No account is needed, but a proof of reading the address is: a link emailed
to it or a confirmed account (``privacy.proof``, checked by the pages), never a
booking's manage link alone. The feed's entries link to the public event pages,
never to a booking's secret link. Functions flush; the caller commits.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
    Venue,
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
    return db.session.scalars(
        sa.select(Registration)
        .join(Session, Registration.session_id == Session.id)
        .where(*_listed(email, now))
        .options(joinedload(Registration.session).joinedload(Session.event).options(
            joinedload(Event.venue), joinedload(Event.team)))
        .order_by(Session.starts_at, Registration.id)
    ).all()


def _listed(email: str, now: datetime | None) -> list:
    since = (now or utcnow()) - HISTORY
    return [
        Registration.email_key == normalise_email(email),
        sa.or_(
            Registration.status == RegistrationStatus.CONFIRMED,
            sa.and_(Registration.status == RegistrationStatus.CANCELLED, Registration.confirmed_at.is_not(None)),
        ),
        Session.ends_at >= since,
    ]


@dataclass(frozen=True)
class FeedState:
    """One state of a person's feed, read without building it: a digest of everything its entries show,
    and the latest time stamped on any of it (a change of seats has no time of its own: the digest sees it)."""

    digest: str
    last_change: datetime


def feed_state(email: str, now: datetime | None = None) -> FeedState:
    rows = db.session.execute(
        sa.select(Registration.id, Registration.status, Registration.seats, Registration.sequence,
                  Registration.created_at, Registration.confirmed_at, Registration.promoted_at,
                  Registration.cancelled_at, Session.changed_at, Event.updated_at, Venue.updated_at)
        .join(Session, Registration.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .where(*_listed(email, now))
        .order_by(Registration.id)
    ).all()
    moments = [moment for row in rows for moment in row[4:] if moment is not None]
    digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
    return FeedState(digest=digest, last_change=max(moments, default=EPOCH))


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
