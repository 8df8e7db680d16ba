"""SQL expressions the dashboards need that each database spells its own way.

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
    return f"CAST(floor(extract(epoch FROM {compiler.process(element.clauses, **kw)}) / 3600) AS INTEGER)"


@compiles(epoch_hour, "sqlite")
def _epoch_hour_sqlite(element, compiler, **kw):
    return f"(CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER) / 3600)"


class person_key(FunctionElement):  # noqa: N801
    """A person as the dashboards count them: the email, lower-cased.

    Letters are lower-cased as SQLite does (A to Z), and on PostgreSQL under the "C" collation: the
    keys then compare byte by byte, which groups and sorts several times faster than a language's
    collation, and grouping needs nothing more than equality.
    """

    type = sa.String()
    name = "person_key"
    inherit_cache = True


@compiles(person_key)
def _person_key_postgresql(element, compiler, **kw):
    return f'lower({compiler.process(element.clauses, **kw)} COLLATE "C")'


@compiles(person_key, "sqlite")
def _person_key_sqlite(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"
