"""Building calendars from plain values: what RFC 5545/5546 and the mail clients need."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking.calendar.ics import Entry, Method, Person, Status, build_calendar, uid
from tests.calendar.parsing import assert_well_folded, events, parse_both, property_names

PARIS = ZoneInfo("Europe/Paris")
ORGANIZER = Person("billetterie@guichet.example", "Guichet")
STAMP = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def entry(**fields) -> Entry:
    values = {
        "uid": uid("registration", 7, "guichet.example"),
        "sequence": 0,
        "summary": "Visite guidée",
        "starts_at": paris("2026-10-24T14:30"),
        "ends_at": paris("2026-10-24T16:00"),
        "location": "JAD, 44 Grande Rue, Sèvres",
        "url": "https://guichet.example/r/abc",
        "attendee": Person("marie@example.org", "Dupont, Marie"),
    }
    return Entry(**(values | fields))


def build(entries, method=Method.REQUEST, **options) -> bytes:
    return build_calendar(entries, method=method, organizer=ORGANIZER, stamp=STAMP, **options)


def test_request_holds_every_property_an_invitation_needs():
    data = build([entry(description="2 places")])
    calendar, checked = parse_both(data)
    assert calendar["VERSION"] == "2.0" and "Guichet" in calendar["PRODID"]
    assert calendar["METHOD"] == "REQUEST"
    [event] = events(calendar)
    assert event["UID"] == "registration-7@guichet.example"
    assert event["SEQUENCE"] == 0
    assert event["DTSTAMP"].dt == STAMP
    assert event["SUMMARY"] == "Visite guidée"
    assert event["LOCATION"] == "JAD, 44 Grande Rue, Sèvres"
    assert event["URL"] == "https://guichet.example/r/abc"
    assert event["STATUS"] == "CONFIRMED"
    assert event["ORGANIZER"] == "mailto:billetterie@guichet.example"
    attendee = event["ATTENDEE"]
    assert attendee == "mailto:marie@example.org"
    assert attendee.params["CN"] == "Dupont, Marie"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert attendee.params["RSVP"] == "FALSE"
    assert checked.vevent.uid.value == "registration-7@guichet.example"
    assert checked.vevent.attendee.params["CN"] == ["Dupont, Marie"]
    assert b'ATTENDEE;CN="Dupont, Marie"' in data.replace(b"\r\n ", b"")
    assert_well_folded(data)


def test_times_are_utc_and_right_on_both_sides_of_the_october_clock_change():
    before = entry(starts_at=paris("2026-10-24T14:30"), ends_at=paris("2026-10-24T16:00"))
    after = entry(uid="registration-8@guichet.example", starts_at=paris("2026-10-31T14:30"),
                  ends_at=paris("2026-10-31T16:00"))
    data = build([before, after], method=Method.PUBLISH)
    calendar, checked = parse_both(data)
    starts = [event["DTSTART"].dt for event in events(calendar)]
    assert starts == [datetime(2026, 10, 24, 12, 30, tzinfo=UTC), datetime(2026, 10, 31, 13, 30, tzinfo=UTC)]
    assert [s.astimezone(PARIS).strftime("%H:%M") for s in starts] == ["14:30", "14:30"]
    assert b"DTSTART:20261024T123000Z" in data and b"DTSTART:20261031T133000Z" in data
    assert b"TZID" not in data and b"VTIMEZONE" not in data
    vobject_starts = sorted(e.dtstart.value for e in checked.vevent_list)
    assert vobject_starts == starts


def test_cancel_matches_the_request_it_withdraws():
    request = build([entry(sequence=0)])
    cancel = build([entry(sequence=1, status=Status.CONFIRMED)], method=Method.CANCEL)
    (sent, _), (withdrawn, checked) = parse_both(request), parse_both(cancel)
    [invite], [cancellation] = events(sent), events(withdrawn)
    assert withdrawn["METHOD"] == "CANCEL"
    assert cancellation["UID"] == invite["UID"]
    assert cancellation["SEQUENCE"] > invite["SEQUENCE"]
    assert cancellation["STATUS"] == "CANCELLED"
    assert cancellation["ORGANIZER"] == invite["ORGANIZER"]
    assert "DTSTAMP" in cancellation
    assert not cancellation.walk("VALARM")
    assert checked.vevent.status.value == "CANCELLED"


def test_publish_has_an_organizer_and_never_an_attendee():
    data = build([entry(), entry(uid="session-3@guichet.example")], method=Method.PUBLISH)
    calendar, _ = parse_both(data)
    assert calendar["METHOD"] == "PUBLISH"
    for event in events(calendar):
        assert event["ORGANIZER"] == "mailto:billetterie@guichet.example"
        assert "ATTENDEE" not in event


def test_an_itip_message_carries_exactly_one_event():
    with pytest.raises(ValueError):
        build([entry(), entry(uid="registration-8@guichet.example")])
    with pytest.raises(ValueError):
        build([], method=Method.CANCEL)


def test_a_cancelled_booking_is_never_sent_as_a_request():
    with pytest.raises(ValueError):
        build([entry(status=Status.CANCELLED)])


def test_feed_names_itself_and_asks_for_hourly_refresh():
    data = build([entry()], method=Method.PUBLISH, name="Mes réservations", feed=True)
    calendar, checked = parse_both(data)
    assert calendar["NAME"] == "Mes réservations"
    assert calendar["X-WR-CALNAME"] == "Mes réservations"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
    assert checked.contents["refresh-interval"][0].params["VALUE"] == ["DURATION"]


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        build([entry(starts_at=datetime(2026, 10, 24, 14, 30))])


HOSTILE_TITLES = [
    "Atelier\r\nDTSTART:19700101T000000Z\r\nATTENDEE:mailto:evil@example.org",
    "Débat; « commun », \\ chemin\\nfaux",
    "Rencontre\nEND:VEVENT\nBEGIN:VEVENT\nUID:forged@evil",
    "ورشة عمل للفنون 艺术工作坊 🎭🎨✨ " * 8,
    "x" * 500,
    "Zéro\x00octet\x1bnul\rretour",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_text_is_escaped_never_a_new_property(title):
    name = title[:120]
    data = build([entry(summary=title, location=title, description=title, attendee=Person("a@example.org", name))])
    calendar, checked = parse_both(data)
    [event] = events(calendar)
    expected = title.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", " ").replace("\x1b", " ")
    assert event["SUMMARY"] == expected
    assert event["LOCATION"] == expected
    assert checked.vevent.summary.value == expected
    names = property_names(data)
    for once in ("BEGIN", "END"):
        assert names.count(once) == 2  # VCALENDAR and VEVENT, nothing forged
    for single in ("DTSTART", "UID", "SUMMARY", "ATTENDEE", "ORGANIZER", "LOCATION"):
        assert names.count(single) == 1, single
    assert event["UID"] == "registration-7@guichet.example"
    assert event["DTSTART"].dt == datetime(2026, 10, 24, 12, 30, tzinfo=UTC)
    assert "\n" not in event["ATTENDEE"].params["CN"] and "\r" not in event["ATTENDEE"].params["CN"]
    assert_well_folded(data)


def test_long_lines_fold_at_75_octets_without_cutting_characters():
    data = build([entry(summary="é🎭" * 200, description="中" * 300)])
    assert_well_folded(data)
    calendar, _ = parse_both(data)
    assert events(calendar)[0]["SUMMARY"] == "é🎭" * 200


def test_sequence_is_never_negative():
    data = build([entry(sequence=-3)])
    assert events(parse_both(data)[0])[0]["SEQUENCE"] == 0


def test_duration_survives_the_round_trip():
    calendar, _ = parse_both(build([entry()]))
    [event] = events(calendar)
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=90)


def test_a_request_with_a_reminder_rings_a_day_before_and_a_cancel_or_a_file_never_does():
    reminding = entry(reminder="Demain : Visite guidée")

    [invite] = events(parse_both(build([reminding]))[0])
    [cancel] = events(parse_both(build([reminding], method=Method.CANCEL))[0])
    [published] = events(parse_both(build([reminding], method=Method.PUBLISH))[0])

    [alarm] = invite.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["DESCRIPTION"] == "Demain : Visite guidée"
    assert alarm["TRIGGER"].dt == -timedelta(days=1)
    assert not cancel.walk("VALARM") and not published.walk("VALARM")
