"""Finding registrations by their secret tokens."""

import hmac

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from booking.extensions import db
from booking.models import Event, Registration, Session

TOKEN_MAX_LENGTH = 64


def by_manage_token(token: str) -> Registration | None:
    """The registration this manage token opens, or None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    registration = db.session.scalar(
        sa.select(Registration)
        .where(Registration.manage_token == token)
        .options(joinedload(Registration.session).joinedload(Session.event).joinedload(Event.venue))
    )
    # The index finds the row; the final comparison does not leak timing.
    if registration is None or not hmac.compare_digest(registration.manage_token, token):
        return None
    return registration


def is_stored(session_id: int, manage_token: str) -> bool:
    """Whether the booking made with ``manage_token`` is in the database: asked when the answer
    to its COMMIT was lost with the connection.

    The session's row is locked first: a transaction still ending on the lost connection
    holds that lock, so the answer waits until it has committed or rolled back.
    """
    db.session.execute(sa.select(Session.id).where(Session.id == session_id).with_for_update())
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration).where(Registration.manage_token == manage_token)
    ) > 0
