"""API tokens: organisers' bearer tokens for the JSON API.

Only a token's SHA-256 is stored. A token of 256 random bits needs no slow
hash (nothing to brute-force), so a request finds its token with one indexed
lookup on the hash, and the database never holds anything that could be
replayed.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import ApiToken, User, utcnow
from booking.services.errors import NotFound, TokenRefused

LABEL_MAX = 120
TOKEN_MAX_LENGTH = 128
# last_used_at is written at most this often per token, so reads stay reads.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user: User, label: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: returns the row and the secret, which is shown once and never stored."""
    if not user.is_active or not user.is_organiser:
        raise TokenRefused()
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user=user, token_hash=hash_token(secret), label=(label or "").strip()[:LABEL_MAX])
    db.session.add(token)
    db.session.flush()
    return token, secret


def authenticate(secret: str) -> ApiToken | None:
    """The live token matching ``secret``, or None (unknown, revoked, or its account disabled)."""
    if not secret or len(secret) > TOKEN_MAX_LENGTH:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token


def needs_touch(token: ApiToken, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY


def touch(token: ApiToken, now: datetime | None = None) -> None:
    """Record the token's use (the caller decides when, see ``needs_touch``)."""
    token.last_used_at = now or utcnow()
    db.session.flush()


def list_tokens(user: User) -> list[ApiToken]:
    """A user's tokens, newest first, revoked ones included (they show as revoked)."""
    return db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()


def revoke_token(user: User, token_id: int, now: datetime | None = None) -> ApiToken:
    """Revoke one of ``user``'s tokens; someone else's token is NotFound. Revoking twice is harmless."""
    if not 0 < token_id < 2**31:  # beyond any id; PostgreSQL would refuse to compare it
        raise NotFound()
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        db.session.flush()
    return token
