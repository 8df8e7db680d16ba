"""From Guichet's data to calendar entries and files, with the site's settings.

A booking's invites, its downloadable file and the personal feed all start
from the registration snapshot the outbox stores (``registration_snapshot``),
so an email and a download of the same booking can never disagree. Public
files start from the session itself and use the session's UID.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from email.utils import parseaddr

from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from booking.calendar.ics import Entry, Method, Occurrence, Person, Shared, Status, build_calendar, publish, uid
from booking.links import absolute_url_builder, event_url, manage_url, site_host
from booking.mail.outbox import registration_snapshot
from booking.models import EventStatus, Registration, RegistrationStatus, Session, SessionStatus, in_language, utcnow


def organizer() -> Person:
    """The sender of every email, which is also every event's ORGANIZER (clients compare them)."""
    name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    return Person(email=address, name=name or "Guichet")


def place(venue_name: str, address: str, city: str) -> str:
    return ", ".join(part for part in (venue_name, address, city) if part)


# -- A booking (from its snapshot) ------------------------------------------------


def booking_status(values: dict) -> Status:
    """How a booking stands in a calendar: cancelled when it or its session is."""
    if values["status"] == RegistrationStatus.CANCELLED or values["session_status"] == SessionStatus.CANCELLED:
        return Status.CANCELLED
    if values["status"] == RegistrationStatus.WAITLISTED:
        return Status.TENTATIVE
    return Status.CONFIRMED


def booking_entry(values: dict, *, with_attendee: bool = False, secret_link: bool = True) -> Entry:
    """The entry of one booking, from a registration snapshot.

    ``secret_link``: the booking's manage link, for what only its holder gets (its invites, its file).
    The personal feed goes without: it lists every booking of an address, and its own address is
    shared with calendar services; it links to the public event page instead.
    """
    seats = int(values["seats"])
    if secret_link:
        url = manage_url(values["manage_token"])
        description = ngettext("%(num)d seat booked. Your booking: %(url)s",
                               "%(num)d seats booked. Your booking: %(url)s", seats, url=url)
    else:
        url = event_url(values["event_id"], values["event_slug"])
        description = ngettext("%(num)d seat booked. Details: %(url)s",
                               "%(num)d seats booked. Details: %(url)s", seats, url=url)
    return Entry(
        uid=uid("registration", values["registration_id"], site_host()),
        sequence=int(values["sequence"]),
        summary=values["event_title"],
        starts_at=datetime.fromisoformat(values["starts_at"]),
        ends_at=datetime.fromisoformat(values["ends_at"]),
        location=place(values["venue_name"], values["venue_address"], values["venue_city"]),
        url=url,
        status=booking_status(values),
        description=description,
        attendee=Person(values["email"], values["name"]) if with_attendee else None,
    )


def invite(values: dict, method: Method, stamp: datetime | None = None) -> bytes:
    """The iTIP REQUEST or CANCEL sent by email about one booking."""
    entry = replace(booking_entry(values, with_attendee=True),
                    reminder=_("Tomorrow: %(title)s", title=values["event_title"]))
    return build_calendar([entry], method=method, organizer=organizer(), stamp=stamp or utcnow())


def booking_file(values: dict) -> bytes:
    """One booking as a file to download (``/r/<token>.ics``)."""
    return build_calendar([booking_entry(values)], method=Method.PUBLISH, organizer=organizer(), stamp=utcnow())


def personal_feed(snapshots: Iterable[dict], name: str, stamp: datetime) -> bytes:
    """A person's bookings; ``stamp`` (DTSTAMP) is the data's last change, so one state gives one body (its ETag)."""
    entries = [booking_entry(values, secret_link=False) for values in snapshots]
    return build_calendar(entries, method=Method.PUBLISH, organizer=organizer(), stamp=stamp, name=name, feed=True)


# -- Public sessions ----------------------------------------------------------------


def session_entry(session: Session) -> Entry:
    event = session.event
    venue = event.venue
    url = event_url(event.id, event.slug)
    return Entry(
        uid=uid("session", session.id, site_host()),
        sequence=session.sequence,
        summary=event.text("title", _feed_locale()),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=place(venue.name, venue.address, venue.city),
        url=url,
        status=_public_status(session.status, event.status),
        description=_("Details and booking: %(url)s", url=url),
    )


def public_calendar(sessions: Iterable[Session], *, name: str | None = None, feed: bool = False) -> bytes:
    entries = [session_entry(session) for session in sessions]
    return build_calendar(entries, method=Method.PUBLISH, organizer=organizer(), stamp=utcnow(), name=name, feed=feed)


def public_feed(rows: Iterable, *, name: str, stamp: datetime) -> bytes:
    """The public feed from ``programme.feed_rows``: the entries ``session_entry`` makes, without loading objects.

    What an event's sessions share (title, place, link, description) is made once per event.
    ``stamp`` (DTSTAMP) is the data's last change, so one state of the data gives one body (its ETag).
    """
    host, event_link, locale = site_host(), absolute_url_builder("public.event"), _feed_locale()
    details = _("Details and booking: %(url)s", url=URL_MARK)  # translated once, not once per event

    def event_shared(row) -> Shared:
        url = event_link(event_id=row.event_id, slug=row.slug)
        return Shared(summary=in_language(row.title, row.title_en, locale),
                      location=place(row.venue_name, row.address, row.city),
                      url=url, description=details.replace(URL_MARK, url))

    events: dict[int, Shared] = {}
    occurrences = [
        Occurrence(uid("session", row.id, host), row.sequence, row.starts_at, row.ends_at,  # iCalendar text
                   _public_status(row.status, row.event_status),
                   events.get(row.event_id) or events.setdefault(row.event_id, event_shared(row)))
        for row in rows
    ]
    return publish(occurrences, organizer=organizer(), stamp=stamp, name=name, feed=True)


URL_MARK = "\x00url\x00"  # stands for each entry's link in a message translated once


def _feed_locale() -> str:
    return str(get_locale() or "fr")  # the file's language (?lang=, Accept-Language)


def _public_status(session_status: str, event_status: str) -> Status:
    cancelled = session_status == SessionStatus.CANCELLED or event_status == EventStatus.CANCELLED
    return Status.CANCELLED if cancelled else Status.CONFIRMED


def registration_values(registration: Registration) -> dict:
    """A registration's snapshot, read now (for downloads and feeds)."""
    return registration_snapshot(registration)
