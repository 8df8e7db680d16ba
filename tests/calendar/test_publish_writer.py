"""The PUBLISH writer (files and feeds) writes byte for byte what icalendar writes, only faster."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from booking.calendar import ics
from booking.calendar.ics import Entry, Method, Person, Status

STAMP = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)

TEXTS = [
    "Atelier",
    "Atelier ; d'été, « ok » \\ fin\nligne\r\nsuite\rfin",
    "é" * 80,  # two-octet characters across every fold
    "a" * 73 + "\\;" + "b" * 100,  # an escape right at the fold
    "x" * 72 + "é" + "y" * 200,  # a character cut by the 74th octet
    "😀 émoji " * 30,  # four-octet characters
    "ctrl\x00\x07\x1b chars\ttab",
    "^" * 150,
    "a \\N b, c\\n",  # an escaped newline written by hand
    "",
]


def icalendar_bytes(entries, organizer, name=None, feed=False) -> bytes:
    """The reference: every VEVENT added through icalendar, as build_calendar did before."""
    calendar = Calendar()
    calendar.add("prodid", ics.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", ics.one_line(name))
        calendar.add("x-wr-calname", ics.one_line(name))
    if feed:
        calendar.add("refresh-interval", ics.FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    for entry in entries:
        calendar.add_component(ics._event(entry, Method.PUBLISH, organizer, STAMP))
    return calendar.to_ical()


def entry(n: int, text: str, **fields) -> Entry:
    start = datetime(2026, 4, 1, 8, tzinfo=UTC) + timedelta(days=n)
    values = dict(uid=f"session-{n}@guichet.test", sequence=n % 3, summary=text or "Sans titre", starts_at=start,
                  ends_at=start + timedelta(hours=2), location=f"H7, {text}, Lyon", url=f"https://g.test/events/{n}/{'a' * n}",
                  status=(Status.CONFIRMED, Status.CANCELLED, Status.TENTATIVE)[n % 3], description=text)
    return Entry(**values | fields)


@pytest.mark.parametrize("organizer", [Person("billetterie@guichet.example", "Guichet"),
                                       Person("b@x.org", 'Guichet "B"; x, y: z'), Person("b@x.org", "")])
def test_the_writer_gives_icalendar_s_bytes(organizer):
    entries = [entry(n, text) for n, text in enumerate(TEXTS)]
    entries.append(entry(99, "Sans description", description=""))
    entries.append(entry(100, "Négatif", sequence=-2))
    written = ics.build_calendar(entries, method=Method.PUBLISH, organizer=organizer, stamp=STAMP,
                                 name="Programme, « Guichet »", feed=True)
    assert written == icalendar_bytes(entries, organizer, name="Programme, « Guichet »", feed=True)


def test_an_empty_feed_and_a_single_file_match_too():
    organizer = Person("billetterie@guichet.example", "Guichet")
    for entries in ([], [entry(1, "Seul")]):
        written = ics.build_calendar(entries, method=Method.PUBLISH, organizer=organizer, stamp=STAMP)
        assert written == icalendar_bytes(entries, organizer)


def test_times_must_be_aware():
    naive = entry(1, "x", starts_at=datetime(2026, 4, 1, 8))
    with pytest.raises(ValueError, match="naive"):
        ics.build_calendar([naive], method=Method.PUBLISH, organizer=Person("a@b.org"), stamp=STAMP)
