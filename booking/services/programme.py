"""The public programme: which events and sessions anyone may see, with its filters.

The HTML programme, the API's event list and the public calendar feed all
read through here, so they always agree on what is public and upcoming.
Days in the filters are the programme's local days: ``tz`` (the BOOKING_TIMEZONE
setting, passed by the edge) says where each begins.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from booking.extensions import db
from booking.models import Event, EventKind, EventStatus, Session, SessionStatus, Venue, utcnow
from booking.sqlfunctions import contains, unicode_lower

SEARCH_MAX = 100


@dataclass(frozen=True)
class ProgrammeFilters:
    kind: str | None = None
    venue_id: int | None = None
    city: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    available_only: bool = False

    def __post_init__(self):
        if self.kind is not None and self.kind not in EventKind.__members__.values():
            raise ValueError(f"unknown kind {self.kind!r}")


# No session lies outside these years; filters are clamped to them so a date such as 9999-12-31 (one day
# later overflows) or 0001-01-01 (its UTC instant is before year 1) never reaches the date arithmetic.
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def filters_from(values: Mapping) -> ProgrammeFilters:
    """The filters from checked values keyed as the query string names them (``venue``, ``available``...).

    The one conversion behind the programme page's form, the API's event list and the public feed;
    each edge checks the shape first (the form with WTForms, the API and the feed with ``ProgrammeQuery``).
    """
    return ProgrammeFilters(
        kind=values.get("kind") or None,
        venue_id=int(values["venue"]) if values.get("venue") else None,
        city=(values.get("city") or "").strip() or None,
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
        q=(values.get("q") or "").strip() or None,
        available_only=bool(values.get("available")),
    )


def _day_start(day: date, tz: str) -> datetime:
    day = min(max(day, EARLIEST_DAY), LATEST_DAY)
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))


def _session_conditions(filters: ProgrammeFilters, tz: str, now: datetime, include_cancelled: bool = False) -> list:
    """Conditions on Session (joined to Event and Venue) that make a session listable."""
    earliest = max(now, _day_start(filters.date_from, tz)) if filters.date_from else now
    conditions = [Session.starts_at >= earliest]
    if include_cancelled:  # feeds keep them, so calendars strike them through
        conditions.append(Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
    else:
        conditions += [Event.status == EventStatus.PUBLISHED, Session.status == SessionStatus.SCHEDULED]
    if filters.date_to:
        conditions.append(Session.starts_at < _day_start(filters.date_to, tz) + timedelta(days=1))
    if filters.kind:
        conditions.append(Event.kind == filters.kind)
    if filters.venue_id:
        conditions.append(Event.venue_id == filters.venue_id)
    if filters.city:
        conditions.append(unicode_lower(Venue.city) == filters.city.strip().lower())
    if filters.q:
        words = filters.q.strip()[:SEARCH_MAX].lower()
        conditions.append(sa.or_(contains(unicode_lower(Event.title), words),
                                 contains(unicode_lower(Event.description), words)))
    if filters.available_only:
        conditions.append(Session.seats_taken + Session.seats_held < Session.capacity)
    return conditions


def events_query(filters: ProgrammeFilters, *, tz: str, now: datetime | None = None) -> sa.Select:
    """Published events having at least one matching upcoming session, soonest first."""
    now = now or utcnow()
    # Correlated to the outer event (and its venue): joining Event again inside would
    # make the filters apply to the whole programme rather than to each event.
    next_start = (
        sa.select(sa.func.min(Session.starts_at))
        .where(Session.event_id == Event.id, *_session_conditions(filters, tz, now))
        .correlate(Event, Venue)
        .scalar_subquery()
    )
    return (
        sa.select(Event)
        .join(Venue, Event.venue_id == Venue.id)
        .where(next_start.is_not(None))
        .options(selectinload(Event.venue), selectinload(Event.sessions))
        .order_by(next_start, Event.id)
    )


def search_events(filters: ProgrammeFilters, *, tz: str, page: int = 1, per_page: int = 12):
    """A page of the programme (Flask-SQLAlchemy pagination)."""
    return db.paginate(events_query(filters, tz=tz), page=page, per_page=per_page, error_out=False)


def matching_sessions(filters: ProgrammeFilters, event_ids: list[int], *, tz: str,
                      now: datetime | None = None) -> dict[int, list[Session]]:
    """Each listed event's sessions that the filters match (its dates in the range asked), soonest first.

    The programme shows these under each event, so a tour with ten dates searched for next week shows
    next week's, not merely its next three.
    """
    if not event_ids:
        return {}
    found: dict[int, list[Session]] = {event_id: [] for event_id in event_ids}
    for session in db.session.scalars(
        sa.select(Session)
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .where(Session.event_id.in_(event_ids), *_session_conditions(filters, tz, now or utcnow()))
        .order_by(Session.starts_at, Session.id)
    ):
        found[session.event_id].append(session)
    return found


def upcoming_sessions(
    filters: ProgrammeFilters, limit: int = 2000, now: datetime | None = None, *, tz: str,
    include_cancelled: bool = False,
) -> list[Session]:
    """Matching public sessions, soonest first (for the public calendar feed).

    With ``include_cancelled``, sessions cancelled (or of a cancelled event) stay in the list.
    """
    now = now or utcnow()
    return db.session.scalars(
        sa.select(Session)
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .where(*_session_conditions(filters, tz, now, include_cancelled))
        .options(selectinload(Session.event).selectinload(Event.venue))
        .order_by(Session.starts_at, Session.id)
        .limit(limit)
    ).all()


def public_event(event_id: int) -> Event | None:
    """A published event with its sessions and venue, or None."""
    return db.session.scalar(
        sa.select(Event)
        .where(Event.id == event_id, Event.status == EventStatus.PUBLISHED)
        .options(selectinload(Event.venue), selectinload(Event.sessions))
    )


def public_session(session_id: int) -> Session | None:
    """A session of a published event, or None."""
    return db.session.scalar(
        sa.select(Session)
        .join(Event, Session.event_id == Event.id)
        .where(Session.id == session_id, Event.status == EventStatus.PUBLISHED)
    )


def venues() -> list[Venue]:
    return db.session.scalars(sa.select(Venue).order_by(Venue.city, Venue.name)).all()


def cities() -> list[str]:
    return db.session.scalars(sa.select(Venue.city).distinct().order_by(Venue.city)).all()
