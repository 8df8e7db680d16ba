"""Which address the person in front of us has proven they read, for the pages that span an address.

Two proofs count: a single-use link emailed to the address, spent here, which
opens a short "address proven" scope in the (signed) Flask session; or being
signed in to an active account whose address is confirmed. A booking's manage
link is never one: anyone may book with anyone's address.
"""

from datetime import datetime, timedelta

from flask import current_app, session
from flask_login import current_user

from booking.models import utcnow

SCOPE_KEY = "proven_email"
DEFAULT_SCOPE_MINUTES = 30


def open_scope(email_key: str) -> None:
    """Remember, for a short while, that this browser proved it reads ``email_key``'s mailbox."""
    minutes = int(current_app.config.get("EMAIL_PROOF_SESSION_MINUTES", DEFAULT_SCOPE_MINUTES))
    session[SCOPE_KEY] = {"key": email_key, "until": (utcnow() + timedelta(minutes=minutes)).isoformat()}


def close_scope() -> None:
    session.pop(SCOPE_KEY, None)


def proven_key() -> str | None:
    """The normalised address proven here: the emailed link's scope first, else a confirmed account's."""
    scope = session.get(SCOPE_KEY)
    if isinstance(scope, dict) and isinstance(scope.get("key"), str):
        try:
            until = datetime.fromisoformat(scope.get("until") or "")
        except (TypeError, ValueError):
            until = None
        if until is not None and until.tzinfo is not None and utcnow() < until:
            return scope["key"]
        close_scope()
    if current_user.is_authenticated and current_user.email_verified_at is not None:
        return current_user.email_key
    return None


def proves(email_key: str) -> bool:
    return proven_key() == email_key
