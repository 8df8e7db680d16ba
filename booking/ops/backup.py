"""A consistent copy of a SQLite database, taken while Guichet serves.

SQLite's online backup API copies the database inside one read transaction: the
copy is the database as it was at one instant, every transaction in it whole.
With WAL (database.py turns it on) that read transaction does not hold up the
bookings being written meanwhile. The copy is written to a temporary file beside
the target, checked, made a single self-contained file (no ``-wal``), synced and
only then renamed over the target: a crash or a full disk mid-way never leaves a
half-written file where the last good backup was. It holds personal data, so
only its owner may read it.

PostgreSQL has its own tools (``pg_dump``, base backups with WAL archiving): the
command refuses and says so.
"""

import os
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path


class BackupRefused(Exception):
    """The backup cannot be taken as asked; the message says why."""


def backup_sqlite(database: Path, target: Path, busy_timeout_seconds: float = 30) -> int:
    """Copy the SQLite database at ``database`` to ``target``; returns the copy's size in bytes."""
    database, target = database.resolve(), target.absolute()
    if not database.is_file():
        raise BackupRefused(f"There is no SQLite database at {database}.")
    if target.is_dir():
        raise BackupRefused(f"{target} is a directory: give the backup's file name, e.g. {target / 'guichet.db'}.")
    if not target.parent.is_dir():
        raise BackupRefused(f"The folder {target.parent} does not exist.")
    if target.exists() and target.resolve() == database:
        raise BackupRefused("The backup cannot overwrite the database itself.")

    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # personal data: owner only
    try:
        # mode=rw: never create an empty database where the real one was expected.
        source = sqlite3.connect(f"{database.as_uri()}?mode=rw", uri=True, timeout=busy_timeout_seconds)
        with closing(source), closing(sqlite3.connect(temporary)) as copy:
            source.backup(copy)  # all pages in one step: one read transaction, one instant
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, whatever the source's mode
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupRefused(f"The copy failed its check ({verdict}); the previous backup is untouched.")
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
