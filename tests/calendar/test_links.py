"""Google Calendar and Outlook.com links: UTC instants, every value percent-encoded."""

from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from booking.calendar.links import google_calendar_url, outlook_calendar_url

PARIS = ZoneInfo("Europe/Paris")
HOSTILE = "Débat & «café»; a=b, c\r\nd #1 ?x 🎭 ورشة"


def values(url: str) -> dict[str, str]:
    query = urlsplit(url).query
    assert " " not in query and "\n" not in query and "+" not in query
    return {key: value for key, [value] in parse_qs(query, keep_blank_values=True).items()}


def test_google_link_has_utc_times_across_the_clock_change():
    url = google_calendar_url(title="Visite", starts_at=datetime(2026, 10, 31, 14, 30, tzinfo=PARIS),
                              ends_at=datetime(2026, 10, 31, 16, 0, tzinfo=PARIS), details="Voir",
                              location="JAD, Sèvres", timezone="Europe/Paris")
    assert url.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE&")
    got = values(url)
    assert got["dates"] == "20261031T133000Z/20261031T150000Z"
    assert got["ctz"] == "Europe/Paris"
    assert got["text"] == "Visite" and got["location"] == "JAD, Sèvres"


def test_outlook_link_has_utc_times():
    url = outlook_calendar_url(title="Visite", starts_at=datetime(2026, 10, 24, 14, 30, tzinfo=PARIS),
                               ends_at=datetime(2026, 10, 24, 16, 0, tzinfo=PARIS), details="Voir", location="JAD")
    assert url.startswith("https://outlook.live.com/calendar/deeplink/compose?")
    got = values(url)
    assert got["path"] == "/calendar/action/compose" and got["rru"] == "addevent"
    assert got["startdt"] == "2026-10-24T12:30:00Z"
    assert got["enddt"] == "2026-10-24T14:00:00Z"
    assert got["subject"] == "Visite"


def test_hostile_values_are_encoded_and_come_back_intact():
    start, end = datetime(2026, 12, 1, 18, 0, tzinfo=PARIS), datetime(2026, 12, 1, 20, 0, tzinfo=PARIS)
    google = values(google_calendar_url(title=HOSTILE, starts_at=start, ends_at=end, details=HOSTILE,
                                        location=HOSTILE, timezone="Europe/Paris"))
    outlook = values(outlook_calendar_url(title=HOSTILE, starts_at=start, ends_at=end, details=HOSTILE,
                                          location=HOSTILE))
    assert google["text"] == google["details"] == google["location"] == HOSTILE
    assert outlook["subject"] == outlook["body"] == outlook["location"] == HOSTILE
    assert set(google) == {"action", "text", "dates", "details", "location", "ctz"}
    assert set(outlook) == {"path", "rru", "startdt", "enddt", "subject", "body", "location"}
