"""Recording who exported personal data, and writing spreadsheet-safe CSV."""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from flask import current_app, has_request_context
from flask_babel import get_locale

from booking.extensions import db
from booking.models import ExportLog, User

# A cell starting with one of these is a formula to spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets in French split CSV on ";" (the comma is their decimal mark); in English on ",".
SEPARATORS = {"fr": ";", "en": ","}
# Where a program that splits naively (ignoring quotes) may start a new cell: either separator,
# a tab or a line break. Every piece between two of them is neutralised on its own.
_PIECE_BOUNDARY = re.compile(r"([;,\t\r\n])")


def log_export(user: User | None, kind: str, target: str, row_count: int = 0) -> ExportLog:
    """Note an export of personal data (flushed with the caller's transaction)."""
    entry = ExportLog(user_id=user.id if user else None, kind=kind, target=target[:120], row_count=row_count)
    db.session.add(entry)
    return entry


def neutralise_cell(value) -> str:
    """Text a spreadsheet shows as text, even one that splits the cell on ``;`` or ``,`` ignoring quotes.

    A leading apostrophe disarms a formula; it is put before the cell and before every piece of it
    that starts one (after spaces, which some importers trim): ``Jean;=2+3;`` becomes ``Jean;'=2+3;``.
    """
    text = "" if value is None else str(value)
    pieces = _PIECE_BOUNDARY.split(text)
    for index in range(0, len(pieces), 2):  # even indexes are pieces, odd ones the boundaries
        if pieces[index].lstrip(" ").startswith(FORMULA_TRIGGERS):
            pieces[index] = "'" + pieces[index]
    text = "".join(pieces)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def separator_for(locale: str | None = None) -> str:
    """The CSV separator spreadsheet programs expect in ``locale`` (the page's language by default)."""
    if locale is None:
        locale = str(get_locale()) if has_request_context() else current_app.config["BABEL_DEFAULT_LOCALE"]
    return SEPARATORS.get(str(locale).split("_")[0], ",")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence], *, separator: str | None = None) -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheet programs detect the encoding), every cell quoted and neutralised.

    The separator is the language's (``;`` in French, ``,`` in English) unless given.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator or separator_for(), quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
