"""Reading what landed in the outbox; signing in lives in tests/auth.py (re-exported here for this suite)."""

import re

import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage
from tests.auth import PASSWORD, sign_in, sign_out, signed_in_user_id  # noqa: F401 (this suite's imports)


def outbox(kind: str | None = None, recipient: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query))


def path_of(url: str) -> str:
    """The path (and query) of an absolute link from an email."""
    return re.sub(r"^https?://[^/]+", "", url)


def csrf_token_of(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
