"""Numbers in URLs, shared by every blueprint: ids in paths and page numbers in query strings.

A number too large for the database must never reach a query: SQLite raises
``OverflowError`` on it (a 500) and PostgreSQL an out-of-range error. Paths
answer 404 and query strings 400 before any query runs.
"""

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER: no record has a larger id
MAX_PAGE = 10_000  # far beyond any list we show; bounds OFFSET arithmetic


class BoundedIntConverter(IntegerConverter):
    """Flask's ``int`` converter with ``max`` defaulting to the largest id: installed as ``int`` app-wide."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def install(app) -> None:
    """Make every ``<int:…>`` rule bounded; call before blueprints are registered."""
    app.url_map.converters["int"] = BoundedIntConverter


def page_number(*, lenient: bool = False) -> int:
    """The ``page`` asked for in the query string (1 when absent), within 1..MAX_PAGE.

    Anything else is a 400, or page 1 when ``lenient`` (the workspace lists shrug odd links off).
    """
    raw = request.args.get("page", "1")
    if raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_PAGE)) and 1 <= int(raw) <= MAX_PAGE:
        return int(raw)
    if lenient:
        return 1
    abort(400)
