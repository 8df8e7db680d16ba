"""Safe retries: a request sent again with the same key gets the first answer, and acts once.

A client that lost an answer (a timeout, a dropped connection) cannot know
whether its booking was made; sending it again with the same key is then safe.
The edge calls ``claim`` first thing in the action's transaction, runs the
action, ``record``s the answer and commits: the answer is stored if and only if
the action is. Only actions that were done are remembered: a refusal writes
nothing, so retrying after one asks again. Keys last ``KEY_LIFETIME``.
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from booking.extensions import db
from booking.models import IdempotencyKey, utcnow
from booking.models.idempotency import IDEMPOTENCY_KEY_UNIQUE
from booking.services.errors import IdempotencyKeyReused, TryAgainLater

KEY_LIFETIME = timedelta(hours=24)
# Long enough to be unguessable when random (a UUID is 36 characters), printable, no spaces.
KEY_SHAPE = re.compile(r"[A-Za-z0-9_.:-]{16,128}")


@dataclass(frozen=True)
class Answer:
    """What a request was answered, as it is replayed."""

    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)


class KeyTaken(Exception):
    """Another request with this key committed while this one waited: roll back and ``claim`` again."""


def is_valid_key(key: str) -> bool:
    return bool(KEY_SHAPE.fullmatch(key))


def fingerprint(*parts) -> str:
    """A hash of what was asked, so that the same key with another request is recognised."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim_settled(scope: str, key: str, asked: str, *, restart: Callable[[], object]) -> Answer | IdempotencyKey:
    """``claim``, once more when a twin request with this key committed while this one waited.

    ``restart`` is the edge's: it ends the transaction (a rollback) so that the second try reads
    what the twin committed. Twice taken, the request is asked to try again (``TryAgainLater``).
    """
    for _attempt in range(2):
        try:
            return claim(scope, key, asked)
        except KeyTaken:
            restart()
    raise TryAgainLater()


def claim(scope: str, key: str, asked: str, *, now: datetime | None = None) -> Answer | IdempotencyKey:
    """The first answer given to this key, or a claim on the key for the request now running.

    The claim is a row inserted (and flushed) in the caller's transaction. A request
    with the same key meanwhile waits on its unique constraint (PostgreSQL; on SQLite
    writers run one at a time) and gets ``KeyTaken`` once this one commits.
    Raises ``IdempotencyKeyReused`` when the key's first request was another one.
    """
    now = now or utcnow()
    row = db.session.scalar(sa.select(IdempotencyKey).where(IdempotencyKey.scope == scope,
                                                            IdempotencyKey.key == key))
    if row is not None and row.expires_at > now and row.status_code is not None:
        if row.fingerprint != asked:
            raise IdempotencyKeyReused()
        response = row.response or {}
        return Answer(row.status_code, response.get("body") or {}, response.get("headers") or {})
    if row is not None:  # expired (the purge has not run yet): as good as gone
        db.session.delete(row)
        db.session.flush()
    row = IdempotencyKey(scope=scope, key=key, fingerprint=asked, created_at=now, expires_at=now + KEY_LIFETIME)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as error:
        if _is_key_conflict(error):
            raise KeyTaken() from error
        raise
    return row


def record(claimed: IdempotencyKey, answer: Answer) -> None:
    """Keep the answer with the claim, in the action's transaction."""
    claimed.status_code = answer.status
    claimed.response = {"body": answer.body, "headers": dict(answer.headers)}
    db.session.flush()


def purge_expired(now: datetime | None = None) -> int:
    """Delete the keys whose lifetime is over; returns how many. (Expired keys are ignored anyway.)"""
    result = db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.expires_at <= (now or utcnow())))
    return result.rowcount or 0


def _is_key_conflict(error: IntegrityError) -> bool:
    orig = error.orig
    if getattr(orig, "sqlstate", None) == "23505":
        return getattr(getattr(orig, "diag", None), "constraint_name", None) == IDEMPOTENCY_KEY_UNIQUE
    return "UNIQUE constraint failed: idempotency_keys." in str(orig)
