"""Organising the programme: events, their sessions, venues.

Changes that touch seats or people (capacity, time, cancellation) are handed to
the booking service, which alone decides promotions and who is told what.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.extensions import db
from booking.models import Event, EventStatus, Question, Session, SessionStatus, Team, User, Venue, utcnow
from booking.services import access, bookings, kinds
from booking.services.bookings import timeline
from booking.services.errors import Cancelled, NotFound, ValidationFailed
from booking.services.slugs import unique_slug
from booking.sqlfunctions import contains, unicode_lower

TITLE_MAX = 200
SUMMARY_MAX = 300
DESCRIPTION_MAX = 20_000
# The texts an event has in both languages: French (the column without suffix) is required, English optional.
TEXT_FIELDS = ("title", "title_en", "summary", "summary_en", "description", "description_en")
EVENT_SLUG_MAX = 180
EASY_READ_SUMMARY_MAX = 1000  # a few short sentences
MAX_CAPACITY = 100_000
MAX_SEATS_PER_REGISTRATION = 50
MAX_SERIES_LENGTH = 60
SERIES_STEPS = {"daily": 1, "weekly": 7}  # days between two sessions of a series


@dataclass(frozen=True)
class SessionFields:
    starts_at: datetime
    ends_at: datetime
    capacity: int
    waitlist_enabled: bool = True
    max_seats_per_registration: int = 4
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    wheelchair_spaces: int = 0
    # Reconfirm or release (days before the start) and offers that expire (hours); None: off.
    # TEAM_DEFAULT: the event's team's default number of days (itself None when the team has none).
    reconfirm_days_before: "int | None | str" = None
    offer_hours: int | None = None


TEAM_DEFAULT = "team-default"


# -- Venues -----------------------------------------------------------------------


def create_venue(*, name: str, address: str, city: str, timezone: str = "Europe/Paris",
                 accessibility_notes: str = "") -> Venue:
    _check_venue_fields(name=name, address=address, city=city, timezone=timezone)
    venue = Venue(name=name.strip(), address=address.strip(), city=city.strip(), timezone=timezone,
                  accessibility_notes=(accessibility_notes or "").strip())
    db.session.add(venue)
    db.session.flush()
    return venue


def update_venue(venue: Venue, *, name: str, address: str, city: str, timezone: str,
                 accessibility_notes: str = "", now: datetime | None = None) -> Venue:
    """Correct a venue's details; when the place itself changes, attendees of sessions to come are told.

    Sessions keep their instants: a new time zone only changes how they are shown.
    """
    _check_venue_fields(name=name, address=address, city=city, timezone=timezone)
    place = (name.strip(), address.strip(), city.strip())
    place_changed = place != (venue.name, venue.address, venue.city)
    venue.name, venue.address, venue.city = place
    venue.timezone, venue.accessibility_notes = timezone, (accessibility_notes or "").strip()
    db.session.flush()
    if place_changed:
        coming = sa.select(Session).join(Event, Session.event_id == Event.id).where(
            Event.venue_id == venue.id, Session.status == SessionStatus.SCHEDULED, Session.is_upcoming(now or utcnow()))
        for session in db.session.scalars(coming).all():
            # Same times, new place: an updated invite (raised SEQUENCE) for everyone booked or waiting.
            bookings.reschedule(session.id, session.starts_at, session.ends_at, place_changed=True)
    return venue


def _check_venue_fields(*, name: str, address: str, city: str, timezone: str) -> None:
    errors = {}
    for field, value, limit in (("name", name, 160), ("address", address, 255), ("city", city, 120)):
        if not value or not value.strip():
            errors[field] = str(_l("This field is required."))
        elif len(value) > limit:
            errors[field] = ngettext("At most %(num)d character.", "At most %(num)d characters.", limit)
    if not valid_timezone(timezone):
        errors["timezone"] = str(_l("Unknown time zone."))
    if errors:
        raise ValidationFailed(errors)


def valid_timezone(name: str | None) -> bool:
    if not name or len(name) > 64:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


# -- Events -----------------------------------------------------------------------


def create_event(*, team: Team, title: str, kind: str, venue_id: int, description: str = "",
                 audience_notes: str = "", easy_read_summary: str = "", title_en: str = "", summary: str = "",
                 summary_en: str = "", description_en: str = "") -> Event:
    """A new event, as a draft of ``team``: its texts in French (title required) and, optionally, in English."""
    texts = {"title": title, "title_en": title_en, "summary": summary, "summary_en": summary_en,
             "description": description, "description_en": description_en}
    _check_event_fields(texts=texts, kind=kind, venue_id=venue_id)
    event = Event(
        team=team,
        slug=unique_slug(Event.slug, title, EVENT_SLUG_MAX),
        kind=kind,
        venue_id=venue_id,
        audience_notes=audience_notes or "",
        easy_read_summary=(easy_read_summary or "").strip(),
        status=EventStatus.DRAFT,
        **_clean_texts(texts),
    )
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, **fields) -> Event:
    """Change an event's text, kind or venue; ``status`` publishes, unpublishes or cancels."""
    status = fields.pop("status", None)
    texts = {name: fields[name] if fields.get(name) is not None else getattr(event, name) for name in TEXT_FIELDS}
    _check_event_fields(texts=texts, kind=fields.get("kind", event.kind), venue_id=fields.get("venue_id", event.venue_id),
                        current_kind=event.kind)
    venue_changed = "venue_id" in fields and fields["venue_id"] != event.venue_id
    for name, value in _clean_texts(texts).items():
        setattr(event, name, value)
    for name in ("kind", "venue_id", "audience_notes"):
        if name in fields and fields[name] is not None:
            setattr(event, name, fields[name])
    if fields.get("easy_read_summary") is not None:
        event.easy_read_summary = fields["easy_read_summary"].strip()
    if venue_changed:
        # A new place is a change attendees' calendars must hear about.
        for session in event.sessions:
            if not session.is_cancelled:
                bookings.reschedule(session.id, session.starts_at, session.ends_at, place_changed=True)
    if status is not None:
        set_event_status(event, status)
    db.session.flush()
    return event


def set_event_status(event: Event, status: str) -> Event:
    if status not in EventStatus.__members__.values():
        raise ValidationFailed({"status": str(_l("Unknown status."))})
    if event.status == EventStatus.CANCELLED and status != EventStatus.CANCELLED:
        raise ValidationFailed({"status": str(_l("A cancelled event cannot be published again."))})
    if status == EventStatus.CANCELLED and event.status != EventStatus.CANCELLED:
        for session in event.sessions:
            if not session.is_cancelled:
                bookings.cancel_session(session.id)
    event.status = status
    db.session.flush()
    return event


# What a copy never takes from its original: it is a new draft, with its own address.
NOT_COPIED = frozenset({"id", "slug", "status", "created_at", "updated_at"})


def duplicate_event(event: Event, *, title: str, first_starts_at: datetime | None = None) -> Event:
    """A draft copy of ``event``: its text, kind, venue, picture and questions, and its sessions on new dates.

    Every column of the event is copied but its identity and status (so a field added later is copied
    too). The sessions not cancelled are copied with the same seats and settings, moved so that the
    first one starts at ``first_starts_at``: every date moves by the same number of days and hours on
    the venue's clock (a session at 14:00 stays at 14:00 across a change of the clocks). Nobody is
    booked on the copy; its registration windows move with their session.
    """
    values = {attribute.key: getattr(event, attribute.key) for attribute in sa.inspect(Event).column_attrs
              if attribute.key not in NOT_COPIED}
    if not title or not title.strip():
        raise ValidationFailed({"title": str(_l("Please give a title."))})
    if len(title) > TITLE_MAX:
        raise ValidationFailed({"title": ngettext("At most %(num)d character.", "At most %(num)d characters.",
                                                  TITLE_MAX)})
    values["title"] = title.strip()
    copy = Event(**values, slug=unique_slug(Event.slug, title, EVENT_SLUG_MAX), status=EventStatus.DRAFT)
    db.session.add(copy)
    for question in event.questions:
        db.session.add(Question(event=copy, label=question.label, kind=question.kind,
                                choices=list(question.choices or []), required=question.required,
                                position=question.position))
    db.session.flush()
    originals = [session for session in event.sessions if not session.is_cancelled]
    if originals:
        if first_starts_at is None:
            raise ValidationFailed({"first_starts_at": str(_l("Please give the date of the first session."))})
        zone = ZoneInfo(event.venue.timezone)
        shift = _local(first_starts_at, zone) - _local(originals[0].starts_at, zone)
        for session in originals:
            add_session(copy, SessionFields(
                starts_at=_moved(session.starts_at, shift, zone),
                ends_at=_moved(session.ends_at, shift, zone),
                capacity=session.capacity,
                waitlist_enabled=session.waitlist_enabled,
                max_seats_per_registration=session.max_seats_per_registration,
                registration_opens_at=_moved(session.registration_opens_at, shift, zone),
                registration_closes_at=_moved(session.registration_closes_at, shift, zone),
            ))
    return copy


def suggested_first_start(event: Event, now: datetime | None = None) -> datetime | None:
    """Where a copy's first session starts unless the organiser says otherwise: the same weekday and time,
    a whole number of weeks later, and after ``now``."""
    originals = [session for session in event.sessions if not session.is_cancelled]
    if not originals:
        return None
    now, zone = now or utcnow(), ZoneInfo(event.venue.timezone)
    weeks = max(1, (now - originals[0].starts_at).days // 7)
    while _moved(originals[0].starts_at, timedelta(weeks=weeks), zone) <= now:
        weeks += 1
    return _moved(originals[0].starts_at, timedelta(weeks=weeks), zone)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _moved(moment: datetime | None, shift: timedelta, zone: ZoneInfo) -> datetime | None:
    """``moment`` moved by ``shift`` on the venue's wall clock."""
    if moment is None:
        return None
    return (_local(moment, zone) + shift).replace(tzinfo=zone).astimezone(UTC)


def has_sessions_to_come(event: Event) -> bool:
    """Whether anyone could book ``event`` once published: a scheduled session not over yet.

    Publishing without one is allowed (the organiser may add dates next, or publish through the API
    first), but the organiser is told plainly that nobody can book it yet.
    """
    now = utcnow()
    return any(not session.is_cancelled and session.is_upcoming(now) for session in event.sessions)


def _clean_texts(texts: dict) -> dict[str, str]:
    """Titles and summaries trimmed (they are one line); descriptions kept as written (Markdown)."""
    return {name: (value or "").strip() if not name.startswith("description") else (value or "")
            for name, value in texts.items()}


TEXT_LIMITS = {"title": TITLE_MAX, "summary": SUMMARY_MAX, "description": DESCRIPTION_MAX}


def _check_event_fields(*, texts: dict, kind: str, venue_id: int, current_kind: str | None = None) -> None:
    errors = {}
    title = texts.get("title")
    if not title or not title.strip():
        errors["title"] = str(_l("Please give a title in French."))
    for name, value in texts.items():
        limit = TEXT_LIMITS[name.removesuffix("_en")]
        if name not in errors and len(value or "") > limit:
            errors[name] = ngettext("At most %(num)d character.", "At most %(num)d characters.", limit)
    if not kinds.usable(kind, current_kind):
        errors["kind"] = str(_l("Unknown kind of event."))
    if not isinstance(venue_id, int) or db.session.get(Venue, venue_id) is None:
        errors["venue_id"] = str(_l("Unknown venue."))
    if errors:
        raise ValidationFailed(errors)


def organiser_events(user: User, search: str | None = None, team_id: int | None = None) -> sa.Select:
    """The events ``user`` organises: those with a session to come first (soonest first), then the rest.

    ``search`` keeps those whose title contains it (whatever the case); ``team_id`` those of one team.
    """
    next_start = (
        sa.select(sa.func.min(Session.starts_at))
        .where(Session.event_id == Event.id, Session.status == SessionStatus.SCHEDULED, Session.is_upcoming(utcnow()))
        .correlate(Event)
        .scalar_subquery()
    )
    query = sa.select(Event).order_by(next_start.is_(None), next_start, Event.updated_at.desc(), Event.id.desc())
    search = (search or "").strip()[:TITLE_MAX].lower()
    if search:
        query = query.where(contains(unicode_lower(Event.title), search))
    if team_id is not None:
        query = query.where(Event.team_id == team_id)
    return access.scope_events(query, user)


def fill_rate(event: Event, now: datetime | None = None) -> tuple[int, int] | None:
    """(seats booked, seats offered) over the event's sessions to come, or None when it has none."""
    now = now or utcnow()
    coming = [s for s in event.sessions if not s.is_cancelled and s.is_upcoming(now)]
    if not coming:
        return None
    return sum(s.seats_taken for s in coming), sum(s.capacity for s in coming)


def suggested_team_id(user: User, last_used_id: int | None = None) -> int | None:
    """The team a new event form starts on: the organiser's only team, else the one they last created an event for."""
    ids = [team.id for team in access.teams_organised_by(user)]
    if len(ids) == 1:
        return ids[0]
    return last_used_id if last_used_id in ids else None


def default_team(user: User, team_name: str | None = None) -> Team:
    """The team a new event belongs to: the named one, or the organiser's only one."""
    teams = user.teams if not user.is_admin else db.session.scalars(sa.select(Team)).all()
    if team_name:
        for team in teams:
            if team_name in (team.name, team.slug):
                return team
        raise ValidationFailed({"team": str(_l("You are not a member of this team."))})
    if len(user.teams) == 1:
        return user.teams[0]
    raise ValidationFailed({"team": str(_l("Please say which team this event belongs to."))})


# -- Sessions ---------------------------------------------------------------------


def add_session(event: Event, fields: SessionFields) -> Session:
    if event.status == EventStatus.CANCELLED:
        raise Cancelled(_l("This event is cancelled: it can have no new session."))
    if fields.reconfirm_days_before == TEAM_DEFAULT:
        fields = replace(fields, reconfirm_days_before=event.team.reconfirm_days_before)
    _check_session_fields(fields)
    session = Session(
        event=event,
        starts_at=fields.starts_at,
        ends_at=fields.ends_at,
        capacity=fields.capacity,
        waitlist_enabled=fields.waitlist_enabled,
        max_seats_per_registration=fields.max_seats_per_registration,
        registration_opens_at=fields.registration_opens_at,
        registration_closes_at=fields.registration_closes_at,
        wheelchair_spaces=fields.wheelchair_spaces,
        reconfirm_days_before=fields.reconfirm_days_before,
        offer_hours=fields.offer_hours,
    )
    db.session.add(session)
    db.session.flush()
    return session


def add_session_series(event: Event, first: SessionFields, *, every: str, count: int,
                       timezone: str | None = None) -> list[Session]:
    """``count`` sessions like ``first``, one every day or every week ("every Saturday for 6 weeks").

    Each keeps the same local wall-clock time in the venue's time zone, across
    daylight-saving changes; registration windows move with their session.
    """
    if every not in SERIES_STEPS:
        raise ValidationFailed({"every": str(_l("Choose every day or every week."))})
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_SERIES_LENGTH:
        raise ValidationFailed({"count": ngettext("%(num)d session only.", "Between 1 and %(num)d sessions.",
                                                            MAX_SERIES_LENGTH)})
    zone = ZoneInfo(timezone or event.venue.timezone)
    sessions = []
    for n in range(count):
        days = n * SERIES_STEPS[every]
        sessions.append(add_session(event, replace(
            first,
            starts_at=_shift_local(first.starts_at, days, zone),
            ends_at=_shift_local(first.ends_at, days, zone),
            registration_opens_at=_shift_local(first.registration_opens_at, days, zone),
            registration_closes_at=_shift_local(first.registration_closes_at, days, zone),
        )))
    return sessions


def _shift_local(moment: datetime | None, days: int, zone: ZoneInfo) -> datetime | None:
    """The same local time ``days`` later (so 14:00 stays 14:00 when the clocks change)."""
    if moment is None:
        return None
    wall_clock = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    return wall_clock.replace(tzinfo=zone).astimezone(UTC)


def update_session(session: Session, **changes) -> Session:
    """Apply an organiser's changes; seats, times and cancellation go through the booking rules."""
    if changes.get("status") not in (None, "cancelled", session.status):
        raise ValidationFailed({"status": str(_l("A session can only be cancelled."))})
    if session.is_cancelled:
        raise Cancelled(_l("This session is cancelled: it can no longer be changed."))
    merged = SessionFields(
        starts_at=changes.get("starts_at") or session.starts_at,
        ends_at=changes.get("ends_at") or session.ends_at,
        capacity=changes["capacity"] if changes.get("capacity") is not None else session.capacity,
        waitlist_enabled=session.waitlist_enabled if changes.get("waitlist_enabled") is None
        else changes["waitlist_enabled"],
        max_seats_per_registration=changes.get("max_seats_per_registration") or session.max_seats_per_registration,
        registration_opens_at=changes.get("registration_opens_at", session.registration_opens_at),
        registration_closes_at=changes.get("registration_closes_at", session.registration_closes_at),
        wheelchair_spaces=changes["wheelchair_spaces"] if changes.get("wheelchair_spaces") is not None
        else session.wheelchair_spaces,
        reconfirm_days_before=changes.get("reconfirm_days_before", session.reconfirm_days_before),
        offer_hours=changes.get("offer_hours", session.offer_hours),
    )
    _check_session_fields(merged)
    if changes.get("status") == "cancelled" and not session.is_cancelled:
        return bookings.cancel_session(session.id)
    session.max_seats_per_registration = merged.max_seats_per_registration
    session.registration_opens_at = merged.registration_opens_at
    session.registration_closes_at = merged.registration_closes_at
    # Questions already asked and offers already made keep their course; new ones follow the new settings.
    session.reconfirm_days_before = merged.reconfirm_days_before
    session.offer_hours = merged.offer_hours
    if merged.waitlist_enabled != session.waitlist_enabled:
        bookings.change_waitlist(session.id, merged.waitlist_enabled)
    if (merged.starts_at, merged.ends_at) != (session.starts_at, session.ends_at):
        bookings.reschedule(session.id, merged.starts_at, merged.ends_at)
    if merged.capacity != session.capacity:
        bookings.change_capacity(session.id, merged.capacity)
    if merged.wheelchair_spaces != session.wheelchair_spaces:
        bookings.change_wheelchair_spaces(session.id, merged.wheelchair_spaces)
    db.session.flush()
    return session


def _check_session_fields(fields: SessionFields) -> None:
    errors = {}
    if fields.ends_at <= fields.starts_at:
        errors["ends_at"] = str(_l("The end must come after the start."))
    if not isinstance(fields.capacity, int) or not 0 <= fields.capacity <= MAX_CAPACITY:
        errors["capacity"] = str(_l("Capacity must be a whole number from 0 to %(max)d.", max=MAX_CAPACITY))
    spaces = fields.wheelchair_spaces
    if isinstance(spaces, bool) or not isinstance(spaces, int) or not 0 <= spaces <= bookings.MAX_WHEELCHAIR_SPACES:
        errors["wheelchair_spaces"] = str(_l("Wheelchair spaces must be a whole number from 0 to %(max)d.",
                                             max=bookings.MAX_WHEELCHAIR_SPACES))
    if not 1 <= fields.max_seats_per_registration <= MAX_SEATS_PER_REGISTRATION:
        errors["max_seats_per_registration"] = str(
            ngettext("%(num)d seat per booking only.", "Between 1 and %(num)d seats per booking.",
                     MAX_SEATS_PER_REGISTRATION))
    opens, closes = fields.registration_opens_at, fields.registration_closes_at
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = str(_l("Registration must close after it opens."))
    if closes and closes > fields.ends_at:
        errors["registration_closes_at"] = str(_l("Registration must close before the session ends."))
    errors |= _check_reconfirm_and_offers(fields.reconfirm_days_before, fields.offer_hours)
    if errors:
        raise ValidationFailed(errors)


def _check_reconfirm_and_offers(days, hours) -> dict[str, str]:
    errors = {}
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)
                             or not timeline.RECONFIRM_DAYS_MIN <= days <= timeline.RECONFIRM_DAYS_MAX):
        errors["reconfirm_days_before"] = ngettext(
            "Between %(min)d and %(num)d day, or empty for no reconfirmation.",
            "Between %(min)d and %(num)d days, or empty for no reconfirmation.",
            timeline.RECONFIRM_DAYS_MAX, min=timeline.RECONFIRM_DAYS_MIN)
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int)
                              or not timeline.OFFER_HOURS_MIN <= hours <= timeline.OFFER_HOURS_MAX):
        errors["offer_hours"] = ngettext(
            "Between %(min)d and %(num)d hour, or empty to give freed seats at once.",
            "Between %(min)d and %(num)d hours, or empty to give freed seats at once.",
            timeline.OFFER_HOURS_MAX, min=timeline.OFFER_HOURS_MIN)
    return errors


def set_team_reconfirm_days(team: Team, days: int | None) -> Team:
    """The number of days before the start new sessions of ``team`` ask for reconfirmation (None: off)."""
    errors = _check_reconfirm_and_offers(days, None)
    if errors:
        raise ValidationFailed(errors)
    team.reconfirm_days_before = days
    db.session.flush()
    return team


def get_venue(venue_id: int) -> Venue:
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        raise NotFound()
    return venue
