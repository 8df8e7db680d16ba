"""The answers given to requests that may be retried: the key a client sent, and what it was told."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from booking.extensions import db
from booking.models.types import UTCDateTime

IDEMPOTENCY_KEY_UNIQUE = "uq_idempotency_keys_scope_key"


class IdempotencyKey(db.Model):
    """One key of one scope (an endpoint and who calls it) and the first answer it got.

    The row is inserted in the transaction of the action it guards, first thing: a
    second request with the key waits on the unique constraint until that action
    commits (then replays its answer) or rolls back (then acts itself).
    """

    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(200))
    key: Mapped[str] = mapped_column(sa.String(128))
    # A hash of what was asked (method, path, body): the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    # Null only inside the transaction that claimed the key, until it records its answer.
    status_code: Mapped[int | None]
    response: Mapped[dict | None] = mapped_column(sa.JSON)  # {"body": ..., "headers": {...}}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    __table_args__ = (sa.UniqueConstraint("scope", "key", name=IDEMPOTENCY_KEY_UNIQUE),)
