"""iCalendar files built from plain values (RFC 5545, iTIP RFC 5546, RFC 7986); no Flask in here.

All instants are written in UTC (``…Z``), so no ``VTIMEZONE`` is needed and
no client can misread one (see shared/CALENDAR.md). Text values are escaped
by ``icalendar``; before that, control characters that RFC 5545 forbids in
TEXT are turned into spaces, and names used as parameters (``CN``) are kept
on one line.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event, vCalAddress

PRODID = "-//Guichet//Guichet booking//FR"
FEED_REFRESH = timedelta(hours=1)
REMINDER_BEFORE = timedelta(days=1)

# C0 controls and DEL, except TAB and LF (LF becomes an escaped \n in TEXT).
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Anything that would break a one-line value: every control and Unicode line/paragraph separator.
_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_MAILTO_SAFE = "@!$&'*+=^_`{|}~.-"


class Method(StrEnum):
    PUBLISH = "PUBLISH"  # downloads and feeds: ORGANIZER, no ATTENDEE
    REQUEST = "REQUEST"  # an invite or an update of it
    CANCEL = "CANCEL"


class Status(StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


@dataclass(frozen=True)
class Entry:
    """One VEVENT: a session, seen publicly or as one person's booking."""

    uid: str
    sequence: int
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str
    url: str
    status: Status = Status.CONFIRMED
    description: str = ""
    attendee: Person | None = None  # written in REQUEST and CANCEL only
    reminder: str = ""  # an alarm's text, a day before; written in REQUEST only


def uid(kind: str, ident: int, host: str) -> str:
    """A UID stable for ever: ``registration-12@guichet.example`` or ``session-3@…``."""
    return f"{kind}-{int(ident)}@{host}"


def clean_text(text: str | None) -> str:
    """Text fit for a TEXT value: newlines kept (escaped later), other controls gone."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _TEXT_CONTROLS.sub(" ", text)


def one_line(text: str | None) -> str:
    """Text fit for a parameter or a header: any line break or control becomes one space."""
    return _LINE_BREAKERS.sub(" ", text or "").strip()


class Shared(NamedTuple):
    """What every session of one event shows alike in a PUBLISH: its lines are escaped and folded once."""

    summary: str
    location: str
    url: str
    description: str = ""


class Occurrence(NamedTuple):
    """One VEVENT of a PUBLISH: what differs from one session of an event to the next, and what it shares.

    Its times are UTC as iCalendar writes them (``utc_text``), so a feed can take them as the database
    wrote them (``sqlfunctions.ical_utc``) rather than making thousands of datetimes to format them.
    """

    uid: str
    sequence: int
    starts_at: str
    ends_at: str
    status: Status
    shared: Shared


def build_calendar(
    entries: Iterable[Entry],
    *,
    method: Method,
    organizer: Person,
    stamp: datetime,
    name: str | None = None,
    feed: bool = False,
) -> bytes:
    """The bytes of one VCALENDAR holding ``entries``.

    A REQUEST or CANCEL holds exactly one entry (one UID per iTIP message). A
    PUBLISH never holds an ATTENDEE; ``feed`` adds the refresh hints that
    subscribed calendars read.
    """
    entries = list(entries)
    if method is not Method.PUBLISH and len(entries) != 1:
        raise ValueError(f"a {method} carries exactly one event, not {len(entries)}")
    if method is Method.PUBLISH:
        occurrences = (Occurrence(e.uid, e.sequence, utc_text(e.starts_at), utc_text(e.ends_at),
                                  _status_for(method, e.status), Shared(e.summary, e.location, e.url, e.description))
                       for e in entries)
        return publish(occurrences, organizer=organizer, stamp=stamp, name=name, feed=feed)
    calendar = _calendar(method, name, feed)
    for entry in entries:
        calendar.add_component(_event(entry, method, organizer, stamp))
    return calendar.to_ical()


def publish(occurrences: Iterable[Occurrence], *, organizer: Person, stamp: datetime, name: str | None = None,
            feed: bool = False) -> bytes:
    """A PUBLISH (files and feeds, up to thousands of sessions), written line by line.

    The same bytes as icalendar's (tests/calendar/test_publish_writer.py compares them), many times faster:
    the lines an event's sessions share are written once, each session adds its times, UID and status.
    """
    head = _calendar(Method.PUBLISH, name, feed).to_ical().decode()
    assert head.endswith(END_CALENDAR)  # noqa: S101 (icalendar's own layout)
    writer = _Writer(_organizer_line(organizer).decode(), utc_text(stamp))
    return "".join([head[: -len(END_CALENDAR)], *map(writer.event, occurrences), END_CALENDAR]).encode()


def utc_text(moment: datetime) -> str:
    """An aware instant as a UTC DATE-TIME value (``20260401T080000Z``), to the second as icalendar writes it."""
    m = _utc(moment)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def _calendar(method: Method, name: str | None, feed: bool) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    if name:
        calendar.add("name", one_line(name))
        calendar.add("x-wr-calname", one_line(name))
    if feed:
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    return calendar


END_CALENDAR = "END:VCALENDAR\r\n"
_FOLD_AT = 74  # octets of content on one physical line, as icalendar folds (RFC 5545: at most 75)
# One VEVENT of a PUBLISH in icalendar's order and form (no ATTENDEE, no alarm): its event's SUMMARY,
# then its own times, stamp, UID and SEQUENCE, its event's DESCRIPTION, LOCATION and ORGANIZER, its
# own STATUS, its event's URL.
_VEVENT = ("BEGIN:VEVENT\r\n%sDTSTART:%s\r\nDTEND:%s\r\nDTSTAMP:%s\r\n%s\r\nSEQUENCE:%d\r\n%s"
           "STATUS:%s\r\nTRANSP:OPAQUE\r\n%s\r\nEND:VEVENT\r\n")


class _Writer:
    """Writes the VEVENTs of one PUBLISH, as text (encoded once, whole). A feed repeats its events'
    titles, places and links once per session: each event's lines are written once (and each text
    line once: venues are shared too), each session adds its own."""

    def __init__(self, organizer_line: str, stamp_text: str):
        self.organizer_line, self.stamp_text = organizer_line, stamp_text
        self.texts: dict[tuple[str, str], str] = {}
        self.events: dict[Shared, tuple[str, str, str]] = {}

    def text(self, name: str, value: str) -> str:
        line = self.texts.get((name, value))
        if line is None:
            line = self.texts[(name, value)] = _folded(name + _escape(clean_text(value)))
        return line

    def shared(self, shared: Shared) -> tuple[str, str, str]:
        """An event's lines: SUMMARY; DESCRIPTION (if any), LOCATION and ORGANIZER; URL."""
        middle = [self.text("LOCATION:", shared.location), self.organizer_line, ""]
        if shared.description:
            middle.insert(0, self.text("DESCRIPTION:", shared.description))
        lines = self.events[shared] = (self.text("SUMMARY:", shared.summary) + "\r\n", "\r\n".join(middle),
                                       _folded("URL;VALUE=URI:" + shared.url))
        return lines

    def event(self, occurrence: Occurrence) -> str:
        uid, sequence, starts_at, ends_at, status, shared = occurrence
        summary, middle, url = self.events.get(shared) or self.shared(shared)
        return _VEVENT % (summary, starts_at, ends_at, self.stamp_text, _folded("UID:" + _escape(uid)),
                          max(0, int(sequence)), middle, status.value, url)


def _folded(line: str) -> str:
    """``_fold`` for a line of text: most lines are short and ASCII, and need nothing."""
    if line.isascii() and len(line) <= _FOLD_AT:
        return line
    return _fold(line.encode()).decode()


def _escape(text: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11), in icalendar's order of replacements."""
    return (text.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def _organizer_line(organizer: Person) -> bytes:
    """The ORGANIZER content line as icalendar writes it (its parameter quoting), folded."""
    event = Event()
    event.add("organizer", _address(organizer))
    return event.to_ical().removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(b"\r\nEND:VEVENT\r\n")


def _fold(line: bytes) -> bytes:
    """RFC 5545 folding as icalendar does it: at most 74 octets a line, never inside a UTF-8 character,
    and never right after a backslash or caret (an escape stays whole on the next line)."""
    if len(line) <= _FOLD_AT:
        return line
    pieces, start = [], 0
    while len(line) - start > _FOLD_AT:
        cut = start + _FOLD_AT
        while line[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        if cut - start > 1 and line[cut - 1] in b"\\^":
            cut -= 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def _event(entry: Entry, method: Method, organizer: Person, stamp: datetime) -> Event:
    status = _status_for(method, entry.status)
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", _utc(stamp))
    event.add("sequence", max(0, int(entry.sequence)))
    event.add("dtstart", _utc(entry.starts_at))
    event.add("dtend", _utc(entry.ends_at))
    event.add("summary", clean_text(entry.summary))
    if entry.description:
        event.add("description", clean_text(entry.description))
    event.add("location", clean_text(entry.location))
    event.add("url", entry.url, parameters={"VALUE": "URI"})
    event.add("status", status.value)
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(organizer))
    if method is not Method.PUBLISH and entry.attendee is not None:
        event.add("attendee", _attendee(entry.attendee, status))
    # Only an invite sets an alarm: a CANCEL withdraws the event (and its alarm with it), and a
    # download or feed should not decide alarms for whoever imports it.
    if method is Method.REQUEST and entry.reminder:
        event.add_component(_alarm(entry.reminder))
    return event


def _alarm(text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", clean_text(text))
    alarm.add("trigger", -REMINDER_BEFORE)  # relative to DTSTART
    return alarm


def _status_for(method: Method, status: Status) -> Status:
    if method is Method.CANCEL:
        return Status.CANCELLED  # a CANCEL always says so, whatever the caller passed
    if method is Method.REQUEST and status is Status.CANCELLED:
        raise ValueError("a cancelled booking is sent as a CANCEL, not a REQUEST")
    return status


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{quote(person.email.strip(), safe=_MAILTO_SAFE)}")
    if one_line(person.name):
        # A double quote would need RFC 6868's ^' escape, which many clients show as is.
        address.params["CN"] = one_line(person.name).replace('"', "'")
    return address


def _attendee(person: Person, status: Status) -> vCalAddress:
    address = _address(person)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    # The person booked already: the invite records that, and asks for no reply.
    address.params["PARTSTAT"] = "TENTATIVE" if status is Status.TENTATIVE else "ACCEPTED"
    address.params["RSVP"] = "FALSE"
    return address


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None:
        raise ValueError("naive datetime: calendar times must be aware")
    return moment.astimezone(UTC)
