"""Dates and times spelled out in full, for the easy-to-read mode.

"samedi 12 décembre, de 14 heures à 16 heures" / "Saturday 12 December, from 2 pm to 4 pm": no "h",
no colon, no abbreviation. Each language says the hours its own way, so each has its own few lines.
"""

from datetime import datetime

from babel.dates import format_date
from flask_babel import get_locale, pgettext

from booking.templating import local


def _french_hour(moment: datetime) -> str:
    if moment.minute == 0 and moment.hour in (0, 12):
        return "minuit" if moment.hour == 0 else "midi"
    hours = "1\u00a0heure" if moment.hour == 1 else f"{moment.hour}\u00a0heures"
    return f"{hours} {moment.minute}" if moment.minute else hours


def _english_hour(moment: datetime) -> str:
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    clock = f"{hour}:{moment.minute:02d}" if moment.minute else str(hour)
    return f"{clock}\u00a0{'am' if moment.hour < 12 else 'pm'}"


def hour_in_words(moment: datetime) -> str:
    """"14 heures 30", "midi" / "2:30 pm", "midday"."""
    return _french_hour(moment) if str(get_locale() or "fr").startswith("fr") else _english_hour(moment)


def day_in_words(moment: datetime) -> str:
    """"samedi 12 décembre" / "Saturday 12 December"."""
    return format_date(moment.date(), "EEEE d MMMM", locale=get_locale())


def spelled_out_when(starts_at: datetime, ends_at: datetime, tz: str) -> str:
    """When a session is, in full words, in the venue's time zone."""
    start, end = local(starts_at, tz), local(ends_at, tz)
    if start.date() == end.date():
        return pgettext("easy", "%(day)s, from %(start)s to %(end)s", day=day_in_words(start),
                  start=hour_in_words(start), end=hour_in_words(end))
    return pgettext("easy", "From %(day)s at %(start)s to %(end_day)s at %(end)s", day=day_in_words(start),
              start=hour_in_words(start), end_day=day_in_words(end), end=hour_in_words(end))


def spelled_out_day(starts_at: datetime, tz: str) -> str:
    return day_in_words(local(starts_at, tz))


def spelled_out_hours(starts_at: datetime, ends_at: datetime, tz: str) -> str:
    """"de 14 heures à 16 heures" / "from 2 pm to 4 pm" (for the time line under the date)."""
    return pgettext("easy", "from %(start)s to %(end)s", start=hour_in_words(local(starts_at, tz)),
              end=hour_in_words(local(ends_at, tz)))
