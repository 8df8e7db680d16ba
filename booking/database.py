"""How Guichet talks to its database: SQLite tuning, write locks and lock timeouts, how a request's
transaction ends, and one INSERT at once for a hot path's new row.

On SQLite every transaction begins with ``BEGIN IMMEDIATE`` (the write lock is
taken up front, so two bookings never read the same seat count), except in
blocks marked read-only, such as GET requests, which begin deferred and can run
beside a writer thanks to WAL. On PostgreSQL the booking service locks the
session row instead (``SELECT … FOR UPDATE``) under a ``lock_timeout``.
"""

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import MANYTOONE, make_transient_to_detached
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import set_committed_value

# False while a read-only block runs: SQLite then begins transactions DEFERRED.
_write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)

SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_LOCK_RETRY_SECONDS = (0.001, 0.004)  # pause between two tries for the write lock
UNCERTAIN_COMMIT_CHECK_PAUSES = (0, 0.2, 1.0)  # seconds before each check of a commit whose answer was lost

# PostgreSQL's SQLSTATEs for "the connection is gone": class 08 (connection exception), and
# admin_shutdown (pg_terminate_backend, a restart), crash_shutdown, cannot_connect_now (starting up).
CONNECTION_LOST_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
# What drivers say when the server went away or cannot be reached (they often give no SQLSTATE).
CONNECTION_LOST_PHRASES = (
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "connection is lost",
    "connection failed",
    "could not connect",
    "connection refused",
    "connection timeout expired",
    "consuming input failed",
    "sending query failed",
    "unable to open database file",  # SQLite: the file or its folder is gone or unreadable
)


@contextmanager
def read_only() -> Iterator[None]:
    """Mark the enclosed work as reading only, so SQLite does not take the write lock."""
    token = _write_intent.set(False)
    try:
        yield
    finally:
        _write_intent.reset(token)


def commit_keeping_state(session) -> None:
    """Commit, keeping what is loaded instead of expiring it.

    For an answer that shows what was just written: it was read under the lock and
    is what the commit made true, so reading it all back again would only cost time.
    """
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def check_connections_before_use(config: dict) -> None:
    """Ping each pooled connection as it is checked out (``pool_pre_ping``).

    A restart or a failover of PostgreSQL closes every connection the pool holds:
    without the ping, the next request on each would fail instead of reconnecting.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def commit_or_find_out(session, was_written: Callable[[], bool]) -> None:
    """Commit; when the connection is lost during COMMIT, find out whether the commit happened.

    The server may have committed just before the connection dropped: answering "error"
    then would tell a person their booking failed when it was made. ``was_written`` asks
    again on a new connection (the pool replaces the lost one). Returns when the write is
    there; raises the original error when it is not, or cannot be checked (503 "try again").
    """
    try:
        session.commit()
        return
    except DBAPIError as error:
        if not is_connection_lost(error):
            raise
        lost = error
    roll_back_quietly(session)
    for pause in UNCERTAIN_COMMIT_CHECK_PAUSES:
        time.sleep(pause)
        try:
            written = was_written()
        except DBAPIError as error:
            roll_back_quietly(session)
            if is_connection_lost(error) or is_lock_timeout(error):
                continue  # the server is still away: ask again shortly
            raise
        roll_back_quietly(session)
        if written:
            return
        break
    raise lost


def roll_back_quietly(session) -> None:
    """End a transaction whose connection may be gone: a lost connection is dropped, not reported.

    Rolling back over a connection the server closed raises; the pool replaces it anyway.
    """
    try:
        session.rollback()
    except DBAPIError as error:
        if not is_connection_lost(error):
            raise
        session.close()


# Set on an ORM session by whatever writes in its transaction; gone when the transaction ends.
_WROTE = "guichet.wrote"


@event.listens_for(OrmSession, "after_flush")
def _note_flush(session, _flush_context) -> None:
    session.info[_WROTE] = True


@event.listens_for(OrmSession, "do_orm_execute")
def _note_write_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(OrmSession, "after_transaction_end")
def _forget_writes(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def end_read_transaction(session) -> None:
    """End the transaction a safe request (GET, HEAD) left open: with a COMMIT if it wrote nothing.

    For a transaction that wrote nothing, COMMIT is ROLLBACK, but psycopg forgets its prepared statements at
    every ROLLBACK (it cannot tell which the server kept), so the next requests on the connection would parse
    and plan each of their queries again: ended by COMMIT, the programme's statements stay prepared (issue 21,
    about a sixth of the programme page). Anything written through the session (a flush, even one made by
    autoflush, an INSERT, UPDATE or DELETE statement) or pending, which a safe request never means to keep,
    rolls back instead, as does a COMMIT that fails.
    """
    if session.info.get(_WROTE) or session.new or session.dirty or session.deleted:
        roll_back_quietly(session)
        return
    try:
        session.commit()
    except SQLAlchemyError:
        roll_back_quietly(session)


def set_read_only(value: bool):
    """Set the intent for the current context; returns the token for reset_intent."""
    return _write_intent.set(not value)


def reset_intent(token) -> None:
    _write_intent.reset(token)


def is_sqlite(engine_or_connection) -> bool:
    return engine_or_connection.dialect.name == "sqlite"


def is_postgresql(engine_or_connection) -> bool:
    return engine_or_connection.dialect.name == "postgresql"


def holds_write_lock(connection) -> bool:
    """True when the current SQLite transaction began IMMEDIATE (always true elsewhere)."""
    if not is_sqlite(connection):
        return True
    return bool(connection.info.get("immediate"))


def configure_engine(engine: Engine, lock_timeout_seconds: int) -> None:
    if is_sqlite(engine):
        _configure_sqlite(engine, lock_timeout_seconds)
    elif is_postgresql(engine):
        _configure_postgresql(engine, lock_timeout_seconds)


def _configure_sqlite(engine: Engine, lock_timeout_seconds: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own handling defers it badly).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = _write_intent.get()
        connection.info["immediate"] = immediate
        if immediate:
            _begin_immediate(connection, lock_timeout_seconds)
        else:
            connection.exec_driver_sql("BEGIN")


def _unicode_lower(value):
    """SQLite's half of ``sqlfunctions.unicode_lower``: Python's lower case, every letter."""
    return None if value is None else str(value).lower()


def _begin_immediate(connection, lock_timeout_seconds: int) -> None:
    """Take SQLite's write lock, trying again every few milliseconds until the lock timeout.

    SQLite's own busy handler sleeps longer and longer between tries (up to 100 ms), so
    with a few writers waiting the lock often lies free while they all sleep: bookings
    queue for nothing and some wait past the timeout. Short tries hand it over at once.
    They go straight to the driver (a failed try costs microseconds); the last one goes
    through SQLAlchemy so that a timeout raises its usual OperationalError. Other
    statements keep the full busy_timeout set at connect.
    """
    cursor = connection.connection.dbapi_connection.cursor()
    deadline = time.monotonic() + lock_timeout_seconds
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        while time.monotonic() < deadline:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not is_lock_timeout(error):
                    break  # not ours to handle: the last try below raises it as SQLAlchemy does
            time.sleep(random.uniform(*SQLITE_LOCK_RETRY_SECONDS))  # noqa: S311 (jitter, not secrecy)
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_seconds * 1000)}")
        cursor.close()


def _configure_postgresql(engine: Engine, lock_timeout_seconds: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # A booking that cannot lock its session within this time answers "try again".
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{int(lock_timeout_seconds)}s'")
        dbapi_connection.commit()


def is_lock_timeout(error: Exception) -> bool:
    """Whether a DBAPI error means "the lock could not be had in time"."""
    orig = getattr(error, "orig", error)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in {"55P03", "40001", "40P01"}:  # lock_not_available, serialization, deadlock
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database table is locked" in message


def is_connection_lost(error: Exception) -> bool:
    """Whether a database error means "the server went away or cannot be reached".

    Nothing about the request is wrong: the answer is 503 with Retry-After, never 500.
    """
    if getattr(error, "connection_invalidated", False):  # SQLAlchemy saw a disconnect
        return True
    orig = getattr(error, "orig", error)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate.startswith("08") or sqlstate in CONNECTION_LOST_SQLSTATES:
        return True
    message = str(orig).lower()
    return any(phrase in message for phrase in CONNECTION_LOST_PHRASES)


def is_unique_violation(error: Exception, index_name: str) -> bool:
    """Whether a DBAPI error is a duplicate refused by the unique index or constraint ``index_name``."""
    orig = getattr(error, "orig", error)
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL names the constraint it enforced
        diag = getattr(orig, "diag", None)
        return getattr(diag, "constraint_name", None) == index_name
    message = str(orig)
    return "UNIQUE constraint failed" in message and f"index '{index_name}'" in message


def insert_at_once(session, instance) -> None:
    """INSERT a new ORM object with one Core statement now, then attach it to ``session`` as the row it is.

    For the one row a hot path writes (a booking): the unit of work's flush (dependencies sorted, each
    attribute's history, statements chosen per mapper) costs more than the statement itself. Each column
    comes from the attribute set on the object, a many-to-one related object's key, or the column's
    scalar default; a column whose default is computed must be set by the caller (its value would
    not be known here). The object then holds every column as written: reading one costs no query.
    Whatever else the session holds is flushed first (autoflush), as a flush would order it.
    """
    mapper = sa.inspect(instance).mapper
    values = _row_of(mapper, instance.__dict__)
    table = mapper.local_table
    (key,) = table.primary_key.columns
    values[key.name] = session.execute(_insert_returning(table), values).scalar_one()
    for column in table.columns:
        set_committed_value(instance, mapper.get_property_by_column(column).key, values[column.name])
    make_transient_to_detached(instance)
    session.add(instance)


def _row_of(mapper, state: dict) -> dict:
    """The column values of a new object: see ``insert_at_once``."""
    values = {}
    for relationship in mapper.relationships:
        related = state.get(relationship.key)
        if relationship.direction is MANYTOONE and related is not None:
            related_mapper = sa.inspect(related).mapper
            for local, remote in relationship.local_remote_pairs:
                values[local.name] = getattr(related, related_mapper.get_property_by_column(remote).key)
    for column in mapper.local_table.columns:
        key = mapper.get_property_by_column(column).key
        if key in state:
            values[column.name] = state[key]
        elif column.name in values or column.primary_key:
            continue
        elif column.default is None and column.server_default is None:
            values[column.name] = None
        elif column.default is not None and column.default.is_scalar:
            values[column.name] = column.default.arg
        else:
            raise ValueError(f"{mapper.class_.__name__}.{key} has a computed default: set it before inserting")
    return values


_INSERTS: dict = {}


def _insert_returning(table: sa.Table) -> sa.Insert:
    """Built once per table: building it anew each time would cost more than running it."""
    if table not in _INSERTS:
        _INSERTS[table] = sa.insert(table).returning(*table.primary_key.columns)
    return _INSERTS[table]
