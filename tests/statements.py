"""The SQL statements a block of a test runs, as the database receives them: statement counts and plans."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from booking.extensions import db


@contextmanager
def recorded_statements() -> Iterator[list[tuple[str, object]]]:
    """``(statement, parameters)`` of each statement run inside the block, in order (transaction control included:
    callers that count queries leave it out)."""
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _executemany):
        statements.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def selects(statements: list[tuple[str, object]]) -> list[str]:
    """The queries among ``statements`` (their SELECTs)."""
    return [statement for statement, _ in statements if statement.lstrip().upper().startswith("SELECT")]


# Transaction control, which callers counting queries leave out (SQLite's BEGIN IMMEDIATE is no query).
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def without_transaction_control(statements: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """``statements`` but BEGIN, COMMIT, ROLLBACK and savepoints: the queries and writes a block ran."""
    return [(statement, parameters) for statement, parameters in statements
            if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL)]
