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
    if method is not Method.PUBLISH:
        for entry in entries:
            calendar.add_component(_event(entry, method, organizer, stamp))
        return calendar.to_ical()
    # A PUBLISH (files and feeds, up to thousands of entries) is written line by line: the same bytes as
    # icalendar's (tests/calendar/test_publish_writer.py compares them), about twenty times faster.
    head = calendar.to_ical()
    assert head.endswith(END_CALENDAR)  # noqa: S101 (icalendar's own layout)
    lines = _Lines(_organizer_line(organizer), _ical_utc(_utc(stamp)))
    return b"".join([head[: -len(END_CALENDAR)], *(lines.event(entry) for entry in entries), END_CALENDAR])


END_CALENDAR = b"END:VCALENDAR\r\n"
_FOLD_AT = 74  # octets of content on one physical line, as icalendar folds (RFC 5545: at most 75)


class _Lines:
    """Writes the VEVENTs of one PUBLISH, in icalendar's order and form (no ATTENDEE, no alarm).

    A feed repeats its events' titles, places and links once per session: each text line is
    escaped and folded once, then reused.
    """

    def __init__(self, organizer_line: bytes, stamp_text: bytes):
        self.organizer_line, self.stamp_text = organizer_line, stamp_text
        self.memo: dict[tuple[bytes, str], bytes] = {}

    def text(self, name: bytes, value: str) -> bytes:
        line = self.memo.get((name, value))
        if line is None:
            line = self.memo[(name, value)] = _fold(name + _text(value))
        return line

    def event(self, entry: Entry) -> bytes:
        lines = [
            b"BEGIN:VEVENT",
            self.text(b"SUMMARY:", entry.summary),
            b"DTSTART:" + _ical_utc(_utc(entry.starts_at)),
            b"DTEND:" + _ical_utc(_utc(entry.ends_at)),
            b"DTSTAMP:" + self.stamp_text,
            _fold(b"UID:" + _escape(entry.uid).encode()),
            b"SEQUENCE:%d" % max(0, int(entry.sequence)),
        ]
        if entry.description:
            lines.append(self.text(b"DESCRIPTION:", entry.description))
        lines += [
            self.text(b"LOCATION:", entry.location),
            self.organizer_line,
            b"STATUS:" + _status_for(Method.PUBLISH, entry.status).value.encode(),
            b"TRANSP:OPAQUE",
            _fold(b"URL;VALUE=URI:" + entry.url.encode()),
            b"END:VEVENT\r\n",
        ]
        return b"\r\n".join(lines)


def _text(value: str) -> bytes:
    return _escape(clean_text(value)).encode()


def _escape(text: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11), in icalendar's order of replacements."""
    return (text.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def _ical_utc(moment: datetime) -> bytes:
    return b"%04d%02d%02dT%02d%02d%02dZ" % (moment.year, moment.month, moment.day,
                                           moment.hour, moment.minute, moment.second)


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
