"""Tables of figures: shown under each chart and downloadable as CSV.

A table holds raw values (numbers, fractions, dates); each column knows how to
show a value on the page (in the reader's language) and how to write it to a
CSV file (plain, sortable values).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton
from babel.numbers import format_percent, get_group_symbol
from flask_babel import get_locale

from booking.privacy.exports import csv_bytes
from booking.templating import time_of_day

NOTHING = "—"


@dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    """``kind``: text, int, percent (a fraction, or None when undefined), date, datetime or month."""

    label: str
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "percent")

    def show(self, value, locale: str | None = None) -> str:
        """The value as the reader expects it: "1 234", "75 %", "12 mai 2026" in French."""
        if value is None:
            return NOTHING
        if isinstance(value, (str, Link)):  # a label, such as "Total" in a date column
            return str(value)
        locale = locale or str(get_locale() or "fr")
        if self.kind == "int":
            return _integer(value, locale)
        if self.kind == "percent":
            return _formats(locale)[1].format(_integer(round(value * 100), locale))
        if self.kind == "date":
            return _day(value, locale)
        if self.kind == "month":
            return format_skeleton("yMMMM", value, locale=locale)
        if self.kind == "datetime":
            return when(value, str(value.tzinfo), with_year=True, locale=locale)
        return str(value)

    def raw(self, value):
        """The value as written in a CSV cell."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if self.kind == "percent":
            return round(value * 100, 1)
        if self.kind == "month":
            return value.strftime("%Y-%m")
        if isinstance(value, datetime):
            return value.isoformat(timespec="minutes")
        if isinstance(value, date):
            return value.isoformat()
        return value if isinstance(value, (int, float)) else str(value)


@dataclass(frozen=True)
class Cell:
    """A value ready to print: its text, a link if any, and whether it is a number (aligned right)."""

    text: str
    url: str | None = None
    numeric: bool = False


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    footer: list | None = None  # totals, shown and exported after the rows

    def shown(self, limit: int | None = None) -> list[list[Cell]]:
        """The first ``limit`` rows as text in the reader's language (the language is looked up once)."""
        return [self._cells(row, str(get_locale() or "fr")) for row in self.rows[:limit]]

    def shown_footer(self) -> list[Cell] | None:
        return self._cells(self.footer, str(get_locale() or "fr")) if self.footer else None

    def _cells(self, row: list, locale: str) -> list[Cell]:
        return [Cell(column.show(value, locale), getattr(value, "url", None), column.numeric)
                for column, value in zip(self.columns, row, strict=True)]


def to_csv(table: Table) -> bytes:
    """The table as spreadsheet-safe CSV (UTF-8 with BOM, formula starts neutralised), totals last."""
    rows = [*table.rows, *([table.footer] if table.footer else [])]
    return csv_bytes([column.label for column in table.columns],
                     ([column.raw(value) for column, value in zip(table.columns, row, strict=True)] for row in rows))


@lru_cache(maxsize=8)
def _formats(locale: str) -> tuple[str, str]:
    """(digit group separator, percent pattern), read from CLDR once per language: tables show thousands of cells."""
    return get_group_symbol(locale=locale), format_percent(0.42, locale=locale).replace("42", "{}")


def _integer(value: int, locale: str) -> str:
    return f"{int(value):,}".replace(",", _formats(locale)[0])


@lru_cache(maxsize=2048)
def _day(day: date, locale: str) -> str:
    return format_date(day, format="medium", locale=locale)


def percent(part: float, whole: float) -> float | None:
    """``part / whole``, or None when there is no whole to speak of."""
    return part / whole if whole else None


def when(moment: datetime, tz: str, with_year: bool = False, locale: str | None = None) -> str:
    """A short local date and time for labels: "sam. 12 déc. 14\u00a0h\u00a030", the time as everywhere else."""
    local, locale = moment.astimezone(ZoneInfo(tz)), locale or str(get_locale() or "fr")
    day = format_skeleton("yMMMEd" if with_year else "MMMEd", local, locale=locale)
    return f"{day} {time_of_day(local, locale)}"
