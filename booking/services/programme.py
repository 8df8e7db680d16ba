"""The public programme: which events and sessions anyone may see, with its filters.

The HTML programme, the API's event list and the public calendar feed all
read through here, so they always agree on what is public and upcoming.
Days in the filters are the programme's local days: ``tz`` (the BOOKING_TIMEZONE
setting, passed by the edge) says where each begins.

At scale, every list starts from the upcoming sessions (the index on
``sessions.starts_at``), so its cost follows what is to come, never the years
of past events; a page runs the same statements whatever the data's size.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import visitors

from booking.extensions import db
from booking.models import (
    Event,
    EventStatus,
    Session,
    SessionStatus,
    Team,
    User,
    Venue,
    utcnow,
)
from booking.services import access
from booking.services.bookings.availability import has_room, waiting_parties
from booking.sqlfunctions import contains, ical_utc, unicode_lower

SEARCH_MAX = 100
# The public calendar feed: sessions to come (at most FEED_LIMIT, soonest first) and those begun in the last
# FEED_PAST, so a calendar keeps the week gone by rather than dropping an event the moment it starts.
FEED_PAST = timedelta(days=7)
FEED_LIMIT = 2000


@dataclass(frozen=True)
class ProgrammeFilters:
    kind: str | None = None
    venue_id: int | None = None
    city: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    available_only: bool = False


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


# What the public sees: published events, and their sessions that are not cancelled.
PUBLIC_EVENT = Event.status == EventStatus.PUBLISHED
PUBLIC_SESSION = Session.status == SessionStatus.SCHEDULED


def _session_conditions(filters: ProgrammeFilters, tz: str, now: datetime, include_cancelled: bool = False,
                        past: timedelta = timedelta(0), own=None) -> list:
    """Conditions on Session (joined to Event and Venue) that make a session listable (begun ``past`` ago at most).

    ``own``, a condition on Event (an organiser's events), lists those sessions too whatever their status
    and their event's.
    """
    conditions = _dates_and_seats(filters, tz, now, past)
    if include_cancelled:  # feeds keep them, so calendars strike them through
        conditions.append(Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
    else:
        public = sa.and_(PUBLIC_EVENT, PUBLIC_SESSION)
        conditions.append(public if own is None else sa.or_(public, own))
    return conditions + _event_conditions(filters)


def _dates_and_seats(filters: ProgrammeFilters, tz: str, now: datetime, past: timedelta = timedelta(0)) -> list:
    """The conditions on the session alone: its start in the dates asked (not begun more than ``past`` ago), and
    free seats if asked."""
    earliest = max(now - past, _day_start(filters.date_from, tz)) if filters.date_from else now - past
    conditions = [Session.starts_at >= _bound("earliest", earliest, Session.starts_at)]
    if filters.date_to:
        latest = _day_start(filters.date_to, tz) + timedelta(days=1)
        conditions.append(Session.starts_at < _bound("latest", latest, Session.starts_at))
    if filters.available_only:
        conditions.append(has_room())
    return conditions


def _event_conditions(filters: ProgrammeFilters) -> list:
    """The filters that concern the event itself (joined to Venue), whatever its dates.

    Only ``city`` reads the venue: the public listing joins it for that filter alone.
    """
    conditions = []
    if filters.kind:
        conditions.append(Event.kind == _bound("kind", filters.kind, Event.kind))
    if filters.venue_id:
        conditions.append(Event.venue_id == _bound("venue_id", filters.venue_id, Event.venue_id))
    if filters.city:
        conditions.append(unicode_lower(Venue.city) == _bound("city", filters.city.strip().lower(), Venue.city))
    if filters.q:
        words = filters.q.strip()[:SEARCH_MAX].lower()
        conditions.append(sa.or_(contains(unicode_lower(Event.title), words, name="words"),
                                 contains(unicode_lower(Event.description), words, name="words")))
    return conditions


# -- Statements built once per set of filters in use ---------------------------------------------------------
# Building a listing's statement (and SQLAlchemy's key for it) cost about as much as the database takes to run
# it. So the statements are built once for each set of filters in use (which filters are set shapes them, never
# their values), their values named; a request binds its own values (read from the conditions it would build).


def _bound(name: str, value, column) -> sa.BindParameter:
    """``value`` as the parameter ``name``, typed like ``column``: statements kept by ``_built`` take it again
    from each request's conditions (``_values_of``)."""
    return sa.bindparam(name, value, type_=column.type)


def _values_of(conditions: list) -> dict:
    """The named parameters of ``conditions`` (``_bound``), with their values."""
    return {element.key: element.value for condition in conditions for element in visitors.iterate(condition)
            if isinstance(element, sa.BindParameter) and not element.unique}


_BUILT: dict[tuple, sa.Select] = {}
EVENT_IDS = sa.bindparam("event_ids", expanding=True)  # a list, however long


def _built(key: tuple, build) -> sa.Select:
    """The statement ``build()`` makes for ``key`` (what it is for, and ``_shape`` of its filters), built on
    its first use."""
    statement = _BUILT.get(key)
    if statement is None:
        statement = _BUILT.setdefault(key, build())
    return statement


def _shape(filters: ProgrammeFilters) -> tuple[bool, ...]:
    """Which filters are set: all that shapes a statement (the builders branch on nothing else)."""
    return tuple(bool(getattr(filters, field.name)) for field in fields(filters))


def _public_sessions(filters: ProgrammeFilters, tz: str, now: datetime) -> list:
    """The conditions on a public session alone (the listing's, and those shown under its events)."""
    return [PUBLIC_SESSION, *_dates_and_seats(filters, tz, now)]


def _public_listing(filters: ProgrammeFilters, on_sessions: list, on_events: list) -> sa.Select:
    """The listed events as ``(event_id, starts_at, total)`` rows in the programme's order: soonest next session
    first (``starts_at``), then by id; ``total`` (a window count) is the number of rows before any limit.

    Grouped from the matching sessions (a range of ``ix_sessions_starts_at``), so events whose sessions are all
    past are never visited: each event's next public session, from the sessions alone, then the events' own
    conditions on the few hundred events found (cheaper than joining every session to its event). A page cut
    from it joins only its own events to their details.
    """
    next_start = (
        sa.select(Session.event_id, sa.func.min(Session.starts_at).label("starts_at"))
        .where(*on_sessions)
        .group_by(Session.event_id)
        .subquery("next_start")
    )
    listing = sa.select(next_start.c.event_id, next_start.c.starts_at, sa.func.count().over().label("total")).join(
        Event, Event.id == next_start.c.event_id)
    if filters.city:
        listing = listing.join(Venue, Event.venue_id == Venue.id)
    return listing.where(*on_events).order_by(next_start.c.starts_at, next_start.c.event_id)


def _organisers_listing(filters: ProgrammeFilters, tz: str, now: datetime, organiser: User) -> sa.Select:
    """``_public_listing``, with the ``organiser``'s own teams' events too whatever their status (and their
    sessions' status): those with a matching session to come, and, unless dates or free seats are asked for,
    those with no session yet (after the others, by id: their ``starts_at`` is null)."""
    own = access.organised_events(organiser)
    next_start = (
        sa.select(Session.event_id, sa.func.min(Session.starts_at).label("starts_at"))
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .where(*_session_conditions(filters, tz, now, own=own))
        .group_by(Session.event_id)
        .subquery("next_start")
    )
    listed = next_start.c.event_id.is_not(None)
    if not (filters.date_from or filters.date_to or filters.available_only):
        sessionless = sa.and_(own, ~sa.exists().where(Session.event_id == Event.id), *_event_conditions(filters))
        listed = sa.or_(listed, sessionless)
    return (
        sa.select(Event.id.label("event_id"), next_start.c.starts_at, sa.func.count().over().label("total"))
        .outerjoin(next_start, next_start.c.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .where(listed)
        .order_by(next_start.c.starts_at.is_(None), next_start.c.starts_at, Event.id)
    )


def _events_of(listing: sa.Subquery) -> sa.Select:
    """``(Event, total)`` for the rows of ``listing`` (a page of a listing), in its order, with venue and team."""
    return (
        sa.select(Event, listing.c.total)
        .join(listing, listing.c.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .join(Team, Event.team_id == Team.id)
        .options(contains_eager(Event.venue), contains_eager(Event.team))
        .order_by(listing.c.starts_at.is_(None), listing.c.starts_at, Event.id)
    )


def _page_of(listing: sa.Select) -> sa.Select:
    """The page ``:limit`` rows from ``:offset`` of ``listing``: ``(Event, total)``, with venue and team."""
    return _events_of(listing.limit(sa.bindparam("limit")).offset(sa.bindparam("offset")).subquery("listing"))


def _count_of(listing: sa.Select) -> sa.Select:
    return sa.select(sa.func.count()).select_from(listing.order_by(None).subquery("listing"))


class ProgrammePage(Pagination):
    """A page of the programme (Flask-SQLAlchemy's pagination), its events and how many there are in all read in
    one statement: the count rides on each row of the page. Only a page past the end counts apart.

    ``listing`` builds the listing; ``kept_for``: the filters its statements are kept for (``_built``), or None.
    """

    def _statement(self, name: str, of) -> sa.Select:
        listing, filters = self._query_args["listing"], self._query_args["kept_for"]
        return of(listing()) if filters is None else _built((name, *_shape(filters)), lambda: of(listing()))

    def _query_items(self) -> list[Event]:
        values = {**self._query_args["values"], "limit": self.per_page, "offset": self._query_offset}
        rows = db.session.execute(self._statement("page", _page_of), values).all()
        self._total = rows[0].total if rows else None
        return [event for event, _total in rows]

    def _query_count(self) -> int:
        if self._total is not None:
            return self._total
        if self.page == 1:
            return 0
        return db.session.scalar(self._statement("count", _count_of), self._query_args["values"])


def search_events(filters: ProgrammeFilters, *, tz: str, page: int = 1, per_page: int = 12,
                  organiser: User | None = None, now: datetime | None = None) -> ProgrammePage:
    """A page of the programme (see ``_public_listing``); with an ``organiser``, their events too."""
    now = now or utcnow()
    pagination = {"page": page, "per_page": per_page, "max_per_page": None, "error_out": False}
    if organiser is not None:
        return ProgrammePage(**pagination, listing=lambda: _organisers_listing(filters, tz, now, organiser),
                             kept_for=None, values={})
    on_sessions, on_events = _public_sessions(filters, tz, now), [PUBLIC_EVENT, *_event_conditions(filters)]
    return ProgrammePage(**pagination, listing=lambda: _public_listing(filters, on_sessions, on_events),
                         kept_for=filters, values=_values_of(on_sessions + on_events))


@dataclass(frozen=True)
class ListedSessions:
    """The sessions shown under each listed event (soonest first), and how many parties wait for each."""

    by_event: dict[int, list[Session]]
    waiting: dict[int, int]


def _listed_sessions(key: tuple, build, values: dict, events: list[Event]) -> ListedSessions:
    """The sessions of ``build()`` (kept for ``key``) for ``events``, with their waiting lists; each session's
    ``event`` is set to its (already loaded) event, which pages and presenters read for every session."""
    found = ListedSessions({event.id: [] for event in events}, {})
    if events:
        statement = _built(key, lambda: build().add_columns(waiting_parties()))
        by_id = {event.id: event for event in events}
        for session, waiting in db.session.execute(statement, {**values, "event_ids": list(by_id)}):
            set_committed_value(session, "event", by_id[session.event_id])
            found.by_event[session.event_id].append(session)
            found.waiting[session.id] = waiting
    return found


def matching_sessions(filters: ProgrammeFilters, events: list[Event], *, tz: str,
                      now: datetime | None = None) -> ListedSessions:
    """Each listed event's public sessions that the filters match (its dates in the range asked), soonest first.

    The programme shows these under each event, so a tour with ten dates searched for next week shows
    next week's, not merely its next three. ``events`` are a page of the public listing, which matched the
    events' own conditions: only the sessions' are asked again.
    """
    on_sessions = _public_sessions(filters, tz, now or utcnow())
    return _listed_sessions(
        ("matching", *_shape(filters)),
        lambda: sa.select(Session)
        .where(Session.event_id.in_(EVENT_IDS), *on_sessions)
        .order_by(Session.starts_at, Session.id),
        _values_of(on_sessions),
        events,
    )


def upcoming_sessions_of(events: list[Event], now: datetime | None = None) -> ListedSessions:
    """Each listed event's sessions not over yet (cancelled ones included), soonest first, in one statement."""
    return _listed_sessions(
        ("upcoming",),
        lambda: sa.select(Session)
        .where(Session.event_id.in_(EVENT_IDS), Session.is_upcoming(sa.bindparam("now", type_=Session.ends_at.type)))
        .order_by(Session.starts_at, Session.id),
        {"now": now or utcnow()},
        events,
    )


class FeedRow(NamedTuple):
    """One session of the public feed, with what it shows of its event and venue (a tuple: a feed reads
    a couple of thousand of them, and a Row's attributes cost several times a tuple's)."""

    id: int
    sequence: int
    starts_at: str  # iCalendar's UTC text, written by the database: a feed needs nothing else of the times
    ends_at: str
    status: str
    event_id: int
    slug: str
    title: str
    title_en: str
    event_status: str
    venue_name: str
    address: str
    city: str


_FEED_COLUMNS = {"id": Session.id, "sequence": Session.sequence, "starts_at": ical_utc(Session.starts_at),
                 "ends_at": ical_utc(Session.ends_at), "status": Session.status, "event_id": Event.id,
                 "slug": Event.slug, "title": Event.title, "title_en": Event.title_en, "event_status": Event.status,
                 "venue_name": Venue.name, "address": Venue.address, "city": Venue.city}


def _feed_sessions(filters: ProgrammeFilters, tz: str, now: datetime) -> list:
    """The public feed's conditions: cancelled sessions stay (calendars strike them through), the past week too."""
    return _session_conditions(filters, tz, now, include_cancelled=True, past=FEED_PAST)


def feed_rows(filters: ProgrammeFilters, *, tz: str, now: datetime | None = None,
              limit: int = FEED_LIMIT) -> list[FeedRow]:
    """The public feed's sessions, soonest first, as plain tuples read through Core: a feed lists a couple
    of thousand sessions, and needs none of the ORM's objects nor its bookkeeping."""
    result = db.session.connection().execute(
        sa.select(*(_FEED_COLUMNS[name].label(name) for name in FeedRow._fields))
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .where(*_feed_sessions(filters, tz, now or utcnow()))
        .order_by(Session.starts_at, Session.id)
        .limit(limit)
    )
    return list(map(FeedRow._make, result.all()))


@dataclass(frozen=True)
class FeedVersion:
    """What tells one state of a public feed from another, without reading its sessions.

    ``last_change``: the latest change to any session, event or venue, or the moment the latest session
    left the feed's past window. ``count`` and ``ids`` sum up which sessions it lists.
    """

    last_change: datetime
    count: int
    ids: int


def feed_version(filters: ProgrammeFilters, *, tz: str, now: datetime | None = None) -> FeedVersion:
    """The feed's version in one statement: index probes for the latest changes, a count of its sessions."""
    now = now or utcnow()
    left_window = sa.select(sa.func.max(Session.starts_at)).where(Session.starts_at < now - FEED_PAST)
    count, ids, *changes = db.session.execute(
        sa.select(
            sa.func.count(Session.id),
            sa.func.coalesce(sa.func.sum(Session.id), 0),
            sa.select(sa.func.max(Session.changed_at)).scalar_subquery(),
            sa.select(sa.func.max(Event.updated_at)).scalar_subquery(),
            sa.select(sa.func.max(Venue.updated_at)).scalar_subquery(),
            left_window.scalar_subquery(),
        )
        .select_from(Session)
        .join(Event, Session.event_id == Event.id)
        .join(Venue, Event.venue_id == Venue.id)
        .where(*_feed_sessions(filters, tz, now))
    ).one()
    session_change, event_change, venue_change, last_left = (_aware(moment) for moment in changes)
    moments = [session_change, event_change, venue_change, last_left + FEED_PAST if last_left else None]
    return FeedVersion(last_change=max((m for m in moments if m is not None), default=EPOCH), count=count, ids=int(ids))


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """Aggregates come back without the column's type on some databases: naive UTC, made aware."""
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite's max() over a subquery can answer text
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def public_event(event_id: int) -> Event | None:
    """A published event with its sessions and venue, or None."""
    return db.session.scalar(
        sa.select(Event)
        .where(Event.id == event_id, Event.status == EventStatus.PUBLISHED)
        .options(selectinload(Event.venue), selectinload(Event.sessions))
    )


def public_session(session_id: int) -> Session | None:
    """A session of a published event, or None; its event comes in the same statement."""
    return db.session.scalar(
        sa.select(Session)
        .join(Event, Session.event_id == Event.id)
        .where(Session.id == session_id, Event.status == EventStatus.PUBLISHED)
        .options(contains_eager(Session.event))
    )


def venues() -> list[Venue]:
    return db.session.scalars(sa.select(Venue).order_by(Venue.city, Venue.name)).all()


@dataclass(frozen=True)
class Places:
    """What the programme's venue and city filters offer: ``venues`` as ``(id, name, city)`` rows by city and
    name, and ``cities``, each once, in order."""

    venues: list
    cities: list[str]


def places() -> Places:
    """The venues and their cities in one statement: the venues come by city, so the cities, each kept at its
    first venue, are in the database's own order (its collation), as ``SELECT DISTINCT city ... ORDER BY city``."""
    rows = db.session.execute(sa.select(Venue.id, Venue.name, Venue.city).order_by(Venue.city, Venue.name)).all()
    return Places(venues=rows, cities=list(dict.fromkeys(row.city for row in rows)))
