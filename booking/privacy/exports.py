"""Recording who exported personal data, and writing spreadsheet-safe CSV."""

import csv
import io
from collections.abc import Iterable, Sequence

from booking.extensions import db
from booking.models import ExportLog, User

# A cell starting with one of these is a formula to spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def log_export(user: User | None, kind: str, target: str, row_count: int = 0) -> ExportLog:
    """Note an export of personal data (flushed with the caller's transaction)."""
    entry = ExportLog(user_id=user.id if user else None, kind=kind, target=target[:120], row_count=row_count)
    db.session.add(entry)
    return entry


def neutralise_cell(value) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe disarms formulas."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheet programs detect the encoding), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
