""""Add to calendar" links for Google Calendar and Outlook.com, from plain values.

Both take UTC instants with a ``Z``, so the local time is right wherever the
person's calendar lives; every value is percent-encoded (spaces as ``%20``).
"""

from datetime import UTC, datetime
from urllib.parse import quote, urlencode

GOOGLE_URL = "https://calendar.google.com/calendar/render"
OUTLOOK_URL = "https://outlook.live.com/calendar/deeplink/compose"
# Links must stay short enough for every browser and mail client.
DETAILS_MAX = 500


def google_calendar_url(
    *, title: str, starts_at: datetime, ends_at: datetime, details: str, location: str, timezone: str
) -> str:
    dates = f"{_compact(starts_at)}/{_compact(ends_at)}"
    params = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": details[:DETAILS_MAX],
        "location": location,
        "ctz": timezone,
    }
    return f"{GOOGLE_URL}?{_encode(params)}"


def outlook_calendar_url(*, title: str, starts_at: datetime, ends_at: datetime, details: str, location: str) -> str:
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "startdt": _iso(starts_at),
        "enddt": _iso(ends_at),
        "subject": title,
        "body": details[:DETAILS_MAX],
        "location": location,
    }
    return f"{OUTLOOK_URL}?{_encode(params)}"


def _encode(params: dict[str, str]) -> str:
    # quote (not quote_plus) with nothing kept safe: "/" and ":" are encoded too.
    return urlencode(params, quote_via=quote, safe="")


def _compact(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
