"""Periods of local days, and turning UTC buckets back into local days and months.

Dashboards count by the day people live in (the venue's time zone), while the
database stores UTC. Queries group by whole UTC hours, which every French time
zone (and every zone with whole-hour offsets) maps to exactly one local day;
this module does that mapping in Python, the same on SQLite and PostgreSQL.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_PERIOD_DAYS = 731  # two years: keeps charts readable and queries bounded
WEEKLY_AFTER_DAYS = 62  # longer periods are charted per week: a bar per day would be a smear on a phone


@dataclass(frozen=True)
class Period:
    """Local days ``first`` to ``last``, both included, in time zone ``tz``."""

    first: date
    last: date
    tz: str

    @property
    def starts_at(self) -> datetime:
        return local_midnight(self.first, self.tz)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return local_midnight(self.last + timedelta(days=1), self.tz)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def weekly(self) -> bool:
        return (self.last - self.first).days + 1 > WEEKLY_AFTER_DAYS

    def steps(self) -> list[tuple[date, date]]:
        """(first day, last day) of each step charted: every day, or every week (from Monday) when long."""
        if not self.weekly:
            return [(day, day) for day in self.days]
        steps, start = [], self.first
        while start <= self.last:
            end = min(self.last, start + timedelta(days=6 - start.weekday()))
            steps.append((start, end))
            start = end + timedelta(days=1)
        return steps

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches."""
        months, month = [], self.first.replace(day=1)
        while month <= self.last:
            months.append(month)
            month = next_month(month)
        return months

    def month_boundaries(self) -> list[datetime]:
        """UTC instants cutting the period into calendar months: start, each 1st inside, end."""
        cuts = [local_midnight(month, self.tz) for month in self.months()[1:]]
        return [self.starts_at, *cuts, self.ends_at]


def local_today(tz: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def last_days(count: int, tz: str, now: datetime) -> Period:
    """The ``count`` local days ending today."""
    today = local_today(tz, now)
    return Period(today - timedelta(days=count - 1), today, tz)


def last_months(count: int, tz: str, now: datetime) -> Period:
    """From the 1st of the month ``count - 1`` months ago to today."""
    today = local_today(tz, now)
    first = today.replace(day=1)
    for _ in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, today, tz)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def hour_start(epoch_hour: int) -> datetime:
    """The UTC instant an hour bucket (hours since 1970-01-01 UTC) starts at."""
    return datetime.fromtimestamp(int(epoch_hour) * 3600, UTC)


def local_day_of_hour(epoch_hour: int, tz: str) -> date:
    return hour_start(epoch_hour).astimezone(ZoneInfo(tz)).date()


def per_local_day(rows, tz: str, width: int = 1) -> dict[date, tuple]:
    """Sum hour-bucket rows ``(epoch_hour, n1, n2, ...)`` into local days.

    Returns ``{day: (sum of n1, sum of n2, ...)}`` with ``width`` sums per day.
    """
    totals: dict[date, list[int]] = {}
    for hour, *values in rows:
        day_totals = totals.setdefault(local_day_of_hour(hour, tz), [0] * width)
        for index, value in enumerate(values[:width]):
            day_totals[index] += int(value or 0)
    return {day: tuple(values) for day, values in totals.items()}


def per_step(per_day: dict[date, tuple], steps: list[tuple[date, date]], width: int = 1) -> list[tuple]:
    """``(first day, sum 1, ..., sum width)`` for each step, from per-day tuples (missing days are zeros)."""
    rows = []
    for first, last in steps:
        totals = [0] * width
        for offset in range((last - first).days + 1):
            for index, value in enumerate(per_day.get(first + timedelta(days=offset), ())[:width]):
                totals[index] += value
        rows.append((first, *totals))
    return rows
