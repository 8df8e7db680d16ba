"""`booking backup PATH`: a consistent copy of the SQLite database while it is being written; PostgreSQL refuses."""

import sqlite3
import stat
import threading
from contextlib import closing

import pytest
from sqlalchemy import make_url

from booking.extensions import db


def _database_path(app):
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database


class Writer(threading.Thread):
    """Another process's connection, committing one numbered row after another until told to stop."""

    def __init__(self, path: str):
        super().__init__(daemon=True)
        self.path = path
        self.written = 0
        self.error: BaseException | None = None
        self.enough = threading.Event()
        self.stop = threading.Event()

    def run(self):
        try:
            with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as connection:
                while not self.stop.is_set():
                    connection.execute("BEGIN IMMEDIATE")
                    connection.execute("INSERT INTO ticks (n, padding) VALUES (?, randomblob(2000))", (self.written + 1,))
                    connection.execute("COMMIT")
                    self.written += 1
                    if self.written >= 50:
                        self.enough.set()
        except BaseException as error:  # reported by the test
            self.error = error
            self.enough.set()


def test_a_backup_taken_while_another_connection_writes_is_a_whole_database(app, make, runner, tmp_path):
    registration = make.registration(make.session(), email="camille@example.org")
    with closing(sqlite3.connect(_database_path(app), isolation_level=None)) as connection:
        connection.execute("CREATE TABLE ticks (n INTEGER PRIMARY KEY, padding BLOB)")
        # Some bulk, so that copying takes a while as bookings keep coming.
        connection.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) "
                           "INSERT INTO ticks (n, padding) SELECT -i, randomblob(4000) FROM s")
    writer = Writer(_database_path(app))
    writer.start()
    assert writer.enough.wait(30)
    target = tmp_path / "backups" / "guichet.db"
    target.parent.mkdir()

    result = runner.invoke(args=["booking", "backup", str(target)])

    written_before_stop = writer.written
    writer.stop.set()
    writer.join(30)
    assert writer.error is None  # the writer never waited in vain: the backup did not lock it out
    assert result.exit_code == 0, result.output
    assert f"to {target}" in result.output
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
        ticks = [n for (n,) in copy.execute("SELECT n FROM ticks WHERE n > 0 ORDER BY n")]
        assert copy.execute("SELECT count(*) FROM ticks WHERE n < 0").fetchone() == (2000,)
        assert copy.execute("SELECT email, manage_token FROM registrations").fetchall() == [
            ("camille@example.org", registration.manage_token)]
    # One instant: every commit up to some point, none after it (no gap, nothing half there).
    assert ticks == list(range(1, len(ticks) + 1))
    assert 50 <= len(ticks) <= max(written_before_stop, writer.written)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # personal data: the owner only
    assert sorted(p.name for p in target.parent.iterdir()) == ["guichet.db"]  # no temporary file left behind


def test_a_new_backup_replaces_the_previous_one(app, make, runner, tmp_path):
    target = tmp_path / "guichet-backup.db"
    assert runner.invoke(args=["booking", "backup", str(target)]).exit_code == 0
    make.registration(make.session(), email="zoe@example.org")

    assert runner.invoke(args=["booking", "backup", str(target)]).exit_code == 0

    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("SELECT email FROM registrations").fetchall() == [("zoe@example.org",)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("where, message", [
    ("{tmp}", "is a directory"),
    ("{tmp}/missing-folder/guichet.db", "does not exist"),
    ("{db}", "cannot overwrite the database itself"),
])
def test_a_backup_refuses_a_target_it_cannot_use(app, runner, tmp_path, where, message):
    target = where.format(tmp=tmp_path, db=_database_path(app))

    result = runner.invoke(args=["booking", "backup", target])

    assert result.exit_code == 1
    assert message in result.output
    assert db.session.execute(db.text("SELECT 1")).scalar() == 1  # the database is untouched and still answers


@pytest.mark.postgres
def test_on_postgresql_the_backup_points_to_pg_dump(pg_app, tmp_path):
    result = pg_app.test_cli_runner().invoke(args=["booking", "backup", str(tmp_path / "guichet.db")])

    assert result.exit_code == 1
    assert "This database is postgresql" in result.output and "pg_dump" in result.output
    assert not (tmp_path / "guichet.db").exists()
