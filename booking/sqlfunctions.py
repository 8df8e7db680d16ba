"""SQL expressions that each database spells its own way.

Each renders without bound parameters, so PostgreSQL accepts the same
expression in SELECT and GROUP BY.
"""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_hour(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """Whole hours since 1970-01-01 UTC of a naive-UTC timestamp column."""

    type = sa.Integer()
    name = "epoch_hour"
    inherit_cache = True


@compiles(epoch_hour)
def _epoch_hour_postgresql(element, compiler, **kw):
    # date_part gives a double, which groups about twice as fast as extract's numeric.
    return f"CAST(floor(date_part('epoch', {compiler.process(element.clauses, **kw)}) / 3600) AS INTEGER)"


@compiles(epoch_hour, "sqlite")
def _epoch_hour_sqlite(element, compiler, **kw):
    return f"(CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER) / 3600)"


class or_of_flags(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """The aggregate bitwise OR of an integer expression whose values are each a single bit (a power of two).

    PostgreSQL has ``bit_or``; SQLite has none, but the sum of the distinct powers of two is their OR.
    """

    type = sa.BigInteger()
    name = "or_of_flags"
    inherit_cache = True


@compiles(or_of_flags)
def _or_of_flags_postgresql(element, compiler, **kw):
    return f"bit_or({compiler.process(element.clauses, **kw)})"


@compiles(or_of_flags, "sqlite")
def _or_of_flags_sqlite(element, compiler, **kw):
    return f"sum(DISTINCT {compiler.process(element.clauses, **kw)})"


class ical_utc(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """A naive-UTC timestamp column as iCalendar's UTC DATE-TIME text (``20260401T080000Z``, to the second):
    ``calendar.ics.utc_text``'s form, written by the database for a feed's thousands of sessions."""

    type = sa.String()
    name = "ical_utc"
    inherit_cache = True


@compiles(ical_utc)
def _ical_utc_postgresql(element, compiler, **kw):
    return f"""to_char({compiler.process(element.clauses, **kw)}, 'YYYYMMDD"T"HH24MISS"Z"')"""


@compiles(ical_utc, "sqlite")
def _ical_utc_sqlite(element, compiler, **kw):
    return f"strftime('%Y%m%dT%H%M%SZ', {compiler.process(element.clauses, **kw)})"


class unicode_lower(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """SQL ``lower()`` of every letter, accented ones too, for searches that ignore case.

    PostgreSQL's own ``lower()`` does it; SQLite's knows A to Z only, so on SQLite this calls
    a function with Python's rules that each connection registers (``database._unicode_lower``). (SQLite's ``lower()`` itself
    is left alone: indexes built with it must keep finding their entries.)
    """

    type = sa.String()
    name = "unicode_lower"
    inherit_cache = True


@compiles(unicode_lower)
def _unicode_lower_default(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(unicode_lower, "sqlite")
def _unicode_lower_sqlite(element, compiler, **kw):
    return f"unicode_lower({compiler.process(element.clauses, **kw)})"


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (with a backslash), so a search for "50%" finds "50%" only."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(expression, text: str, name: str | None = None) -> sa.ColumnElement[bool]:
    """``expression`` contains ``text`` as it is: LIKE with the wildcards of ``text`` escaped.

    With a ``name``, the pattern is the parameter of that name (a statement kept for other words takes them by it).
    """
    pattern = f"%{escape_like(text)}%"
    return expression.like(sa.bindparam(name, pattern, type_=sa.String()) if name else pattern, escape="\\")
