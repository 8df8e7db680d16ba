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
