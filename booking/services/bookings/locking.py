"""Locking: every booking write first locks the session it touches.

A row lock on PostgreSQL, the database write lock taken at ``BEGIN IMMEDIATE`` on
SQLite. Under that lock the session's numbers are fresh, so deciding in Python and
writing the new ``seats_taken`` is safe; a database CHECK stays as the backstop.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload

from booking.database import holds_write_lock, is_lock_timeout, is_postgresql
from booking.extensions import db
from booking.models import Event, Registration, Session, normalise_email
from booking.services.errors import NotFound, TryAgainLater

# Namespaces Guichet's advisory locks (PostgreSQL keeps one set per database).
EMAIL_LOCK_CLASS = 0x6775


@contextmanager
def busy_means_try_again() -> Iterator[None]:
    """A lock not had within the lock timeout: nothing was written, the caller may try again."""
    try:
        yield
    except OperationalError as error:
        if is_lock_timeout(error):
            raise TryAgainLater() from error
        raise


def lock_session(session_id: int, *, with_questions: bool = False, email: str | None = None) -> Session:
    """Load the session with its fresh numbers, holding its lock until commit.

    Its event, venue and team come in the same statement (and the event's questions, if asked):
    every round trip made while holding the lock makes the next booking wait longer, and the
    booking's email needs the team.

    With ``email`` (a booking with an address; a blank one is none), PostgreSQL also locks the email
    until commit, in the same statement and before the session's row (a wait for it must not hold the
    row): bookings with one email on different sessions lock different rows, and without it two could
    count the day's bookings at the same moment and both pass the cap. SQLite writes one at a time.
    """
    with busy_means_try_again():  # lock_timeout bounds both waits
        connection = db.session.connection()
        if not holds_write_lock(connection):
            raise RuntimeError("booking writes on SQLite need a transaction begun IMMEDIATE (not read_only())")
        parameters = {"session_id": session_id}
        email_lock = bool(email and email.strip()) and is_postgresql(connection)
        if email_lock:
            parameters["email_key"] = normalise_email(email)
        session = db.session.execute(_LOCKS[with_questions, email_lock], parameters).unique().scalar_one_or_none()
    if session is None:
        raise NotFound()
    return session


def _lock_statement(*, with_questions: bool, email_lock: bool) -> sa.Select:
    """``lock_session``'s statements, built once: every booking runs one, and building it anew
    cost more than running it."""
    event = joinedload(Session.event)
    options = [event.joinedload(Event.venue), event.joinedload(Event.team),
               *([event.joinedload(Event.questions)] if with_questions else [])]
    statement = (sa.select(Session)
                 .where(Session.id == sa.bindparam("session_id", type_=sa.Integer))
                 .options(*options)
                 .with_for_update(of=Session)
                 .execution_options(populate_existing=True))
    if email_lock:
        # An uncorrelated subquery: PostgreSQL runs it once, as a filter before it reads any row (so
        # before it locks the session's), and the history read next sees what the email's other
        # bookings committed while this one waited.
        statement = statement.where(_EMAIL_LOCK.scalar_subquery().is_not(None))
    return statement


_EMAIL_LOCK = sa.select(sa.func.pg_advisory_xact_lock(
    EMAIL_LOCK_CLASS, sa.func.hashtext(sa.bindparam("email_key", type_=sa.String))))
_LOCKS = {(questions, email_lock): _lock_statement(with_questions=questions, email_lock=email_lock)
          for questions in (False, True) for email_lock in (False, True)}


def lock_registration(registration_id: int) -> Registration:
    """Lock the registration's session, then read the registration as it now is."""
    with busy_means_try_again():  # on SQLite this first read takes the write lock
        session_id = db.session.scalar(sa.select(Registration.session_id).where(Registration.id == registration_id))
    if session_id is None:
        raise NotFound()
    lock_session(session_id)
    return db.session.scalar(
        sa.select(Registration)
        .where(Registration.id == registration_id)
        .execution_options(populate_existing=True)
    )
