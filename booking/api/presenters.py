"""Plain dicts the response schemas dump: models and service answers, shaped for the API.

Session times are given in the venue's time zone (with its offset), so a
partner site can print them as they are; record timestamps are in UTC.

The values are the schemas' own types, so a long list may skip the schema's field-by-field dump
(``json_response``): tests hold the two equal.
"""

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson
from flask import Response, current_app
from flask_babel import get_locale

from booking.labels import kind_label
from booking.links import absolute_url, absolute_url_by_id, event_url, invite_url, manage_url
from booking.models import TRANSLATED_FIELDS, Allocation, Event, EventKindRecord, Registration, Session, Venue, utcnow
from booking.services import bookings
from booking.services.seats import Availability

BOOKABLE = (Availability.OPEN, Availability.WAITLIST)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(current_app.config["BOOKING_TIMEZONE"])


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.astimezone(zone) if moment is not None else None


def json_response(body: dict) -> Response:
    """``body`` (presenters' dicts) answered as ``jsonify`` would answer its schema's dump, without the dump.

    The presenters' values are already the schemas' types but for datetimes, which are written in ISO 8601 as
    they are met (as marshmallow's ``DateTime`` does); dumping a page of 100 events field by field cost more than
    building it. Written by orjson (a page of the API is tens of kilobytes: the standard encoder, calling back for
    each datetime, took a tenth of the request), compact; indented in debug, as Flask's own JSON answers.
    """
    provider = current_app.json
    if (provider.compact is None and current_app.debug) or provider.compact is False:
        text = provider.dumps(body, default=_json_default, indent=2).encode()
    else:
        text = orjson.dumps(body, default=provider.default)
    return current_app.response_class(text + b"\n", mimetype=provider.mimetype)


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return current_app.json.default(value)


def venue_dict(venue: Venue) -> dict:
    return {
        "id": venue.id,
        "name": venue.name,
        "address": venue.address,
        "city": venue.city,
        "timezone": venue.timezone,
        "accessibility_notes": venue.accessibility_notes or "",
    }


class SessionLinks(NamedTuple):
    """A session's links by its id (``links.absolute_url_by_id``), made once for a list of sessions."""

    ics: Callable[[int], str]
    booking: Callable[[int], str]

    @classmethod
    def make(cls) -> "SessionLinks":
        return cls(absolute_url_by_id("calendar.session_file", "session_id"), absolute_url_by_id("public.book", "session_id"))


def session_dict(session: Session, waitlist_count: int, now: datetime | None = None, *,
                 zone: ZoneInfo | None = None, links: SessionLinks | None = None) -> dict:
    """``zone`` (the venue's) and ``links``: given by a list of sessions, which would otherwise find them for each."""
    zone = zone or _zone(session.event.venue.timezone)
    links = links or SessionLinks.make()
    availability = bookings.session_availability(session, now or utcnow())
    return {
        "id": session.id,
        "event_id": session.event_id,
        "starts_at": _local(session.starts_at, zone),
        "ends_at": _local(session.ends_at, zone),
        "capacity": session.capacity,
        "seats_left": session.seats_left,
        "wheelchair_spaces": session.wheelchair_spaces,
        "wheelchair_spaces_left": session.wheelchair_spaces_left,
        "waitlist_enabled": session.waitlist_enabled,
        "waitlist_count": waitlist_count,
        "max_seats_per_registration": session.max_seats_per_registration,
        "registration_opens_at": _local(session.registration_opens_at, zone),
        "registration_closes_at": _local(session.effective_closes_at, zone),
        "status": session.status,
        "availability": availability.value,
        "registration_open": availability in BOOKABLE,
        "ics_url": links.ics(session.id),
        "booking_url": links.booking(session.id),
        "reconfirm_days_before": session.reconfirm_days_before,
        "offer_hours": session.offer_hours,
    }


def language() -> str:
    """The request's language (``?lang=``, else Accept-Language, else French): see booking/i18n.py."""
    return str(get_locale() or "fr")


def event_dict(event: Event, sessions: list[Session], waitlists: dict[int, int], *,
               links: SessionLinks | None = None) -> dict:
    """``links``: given by a list of events, which would otherwise make them for each."""
    now, locale, zone, links = utcnow(), language(), _zone(event.venue.timezone), links or SessionLinks.make()
    return {
        "id": event.id,
        "slug": event.slug,
        "language": locale,
        "title": event.text("title", locale),
        "summary": event.text("summary", locale),
        "kind": event.kind,
        "kind_name": kind_label(event.kind, locale),
        "description": event.text("description", locale),
        "texts": {
            "fr": {name: getattr(event, name) or "" for name in TRANSLATED_FIELDS},
            "en": {name: getattr(event, f"{name}_en") or "" for name in TRANSLATED_FIELDS},
        },
        "audience_notes": event.audience_notes or "",
        "easy_read_summary": event.easy_read_summary or "",
        "status": event.status,
        "team": event.team.name,
        "url": event_url(event.id, event.slug),
        "venue": venue_dict(event.venue),
        "sessions": [session_dict(s, waitlists.get(s.id, 0), now, zone=zone, links=links) for s in sessions],
        "updated_at": event.updated_at,
    }


def full_event_dict(event: Event) -> dict:
    """An event with all its sessions, past and cancelled ones included."""
    sessions = list(event.sessions)
    return event_dict(event, sessions, bookings.waitlist_counts([s.id for s in sessions]))


def registration_dict(registration: Registration) -> dict:
    """A registration as its holder sees it, manage token included."""
    session = registration.session
    token = registration.manage_token
    waitlists = bookings.waitlist_counts([session.id])
    return {
        "id": registration.id,
        "status": registration.status,
        "seats": registration.seats,
        "wheelchair_spaces": registration.wheelchair_spaces,
        "waitlist_position": bookings.waitlist_position(registration),
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "locale": registration.locale,
        "answers": registration.answers or {},
        "manage_token": token,
        "manage_url": manage_url(token),
        "ics_url": absolute_url("calendar.registration_file", token=token),
        "session": session_dict(session, waitlists.get(session.id, 0)),
        "event_id": session.event_id,
        "event_title": session.event.text("title", language()),
        "created_at": registration.created_at,
        "confirmed_at": registration.confirmed_at,
        "cancelled_at": registration.cancelled_at,
        "reconfirm_status": registration.reconfirm_status,
        "offer_expires_at": registration.offer_expires_at,
    }


def attendee_dict(registration: Registration, waitlist_position: int | None) -> dict:
    """A registration as an organiser sees it."""
    return {
        "id": registration.id,
        "session_id": registration.session_id,
        "status": registration.status,
        "seats": registration.seats,
        "wheelchair_spaces": registration.wheelchair_spaces,
        "waitlist_position": waitlist_position,
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "locale": registration.locale,
        "answers": registration.answers or {},
        "accessibility_needs": registration.accessibility_needs or "",
        "access_needs": list(registration.access_needs or []),
        "partner_structure": registration.partner_structure,
        "created_at": registration.created_at,
        "confirmed_at": registration.confirmed_at,
        "cancelled_at": registration.cancelled_at,
        "checked_in_at": registration.checked_in_at,
        "seats_checked_in": registration.seats_checked_in,
        "reconfirm_status": registration.reconfirm_status,
        "offer_expires_at": registration.offer_expires_at,
        "no_show_at": registration.no_show_at,
    }


def kind_dict(kind: EventKindRecord) -> dict:
    return {"code": kind.code, "name": kind.name(language()), "name_fr": kind.name_fr, "name_en": kind.name_en,
            "icon": kind.icon, "active": kind.active}
def allocation_dict(allocation: Allocation) -> dict:
    """A partner allocation as an organiser sees it, invite link included."""
    zone = _zone(allocation.session.event.venue.timezone)
    return {
        "id": allocation.id,
        "session_id": allocation.session_id,
        "partner": allocation.partner,
        "contact_email": allocation.contact_email,
        "seats": allocation.seats,
        "seats_used": allocation.seats_used,
        "seats_unused": allocation.seats_unused,
        "release_at": _local(allocation.release_at, zone),
        "released_at": _local(allocation.released_at, zone),
        "status": "held" if allocation.is_held else "released",
        "invite_url": invite_url(allocation.invite_token),
        "invite_token": allocation.invite_token,
        "created_at": _local(allocation.created_at, zone),
    }
