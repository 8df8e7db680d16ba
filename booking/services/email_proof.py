"""Single-use links emailed to an address: the one home of "prove you read this mailbox".

A booking's manage link proves nothing about its email address: anyone may book
with anyone's address. Whatever spans an address (all its data, erasing it, the
personal calendar feed, "my bookings") and signing in without a password need a
link sent to that address:

- only the SHA-256 of the link's secret is stored, with its purpose, the
  address's key (``normalise_email``), when it expires and when it was used;
- a link is spent by a POST (mail scanners open GET links), once: the UPDATE
  that spends it only matches an unused, unexpired row, so two clicks at once
  cannot both win;
- asking answers the same whether or not the address is known, and nothing is
  sent to an address Guichet holds nothing about.

Functions flush; the caller commits. Time comes from ``utcnow`` here, so tests
can move the clock.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue
from booking.models import (
    CalendarFeed,
    EmailLink,
    LinkPurpose,
    Registration,
    User,
    delivery_email,
    normalise_email,
    utcnow,
)
from booking.services.errors import InvalidLink

DEFAULT_LINK_MINUTES = 30
TOKEN_MAX_LENGTH = 100
# A secret -> the absolute link that opens it. Services never build view URLs: the edge,
# which knows its routes, passes one of booking/links.py's builders.
LinkBuilder = Callable[[str], str]
_KINDS = {LinkPurpose.MY_DATA: MessageKind.MY_DATA_LINK, LinkPurpose.SIGN_IN: MessageKind.SIGN_IN_LINK}


def request_link(email: str, purpose: LinkPurpose, locale: str, *, link: LinkBuilder, lifetime: timedelta) -> bool:
    """Email a link for ``purpose`` if the address has something it would open; say nothing either way.

    ``link`` turns the secret into the absolute link to the page that spends it (the edge knows its routes);
    ``lifetime`` is how long it stays valid (``booking.settings.email_link_lifetime``).

    Returns whether a link was queued (for tests and logs only: pages must not show it).
    """
    key = normalise_email(email or "")
    if not key or not _has_something(key, purpose):
        return False
    send_link(email, purpose, locale, link=link, lifetime=lifetime)
    return True


def send_link(email: str, purpose: LinkPurpose, locale: str, *, link: LinkBuilder, lifetime: timedelta) -> None:
    """Queue a new link to ``email`` (written in NFKC, like every stored address)."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(EmailLink(token_hash=_hash(secret), purpose=purpose, email_key=normalise_email(email),
                             created_at=now, expires_at=now + lifetime))
    enqueue(_KINDS[purpose], delivery_email(email), locale,
            link_url=link(secret),
            valid_minutes=int(lifetime.total_seconds() // 60))
    db.session.flush()


def check(token: str, purpose: LinkPurpose) -> str:
    """The address key of a still valid, unused link (spends nothing: for the page with the button)."""
    link = _find(token, purpose)
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        raise InvalidLink()
    return link.email_key


def spend(token: str, purpose: LinkPurpose) -> str:
    """Use a link once; returns the key of the address it proves. Raises ``InvalidLink``."""
    if not _well_formed(token):
        raise InvalidLink()
    now = utcnow()
    spent = db.session.execute(
        sa.update(EmailLink)
        .where(EmailLink.token_hash == _hash(token), EmailLink.purpose == purpose,
               EmailLink.used_at.is_(None), EmailLink.expires_at > now)
        .values(used_at=now)
        .returning(EmailLink.email_key)
    ).scalar_one_or_none()
    if spent is None:
        raise InvalidLink()
    return spent


def forget(email_key: str) -> None:
    """Erasure: no link row may keep the address."""
    db.session.execute(sa.delete(EmailLink).where(EmailLink.email_key == email_key))


def purge_expired(now: datetime | None = None) -> int:
    """Drop links that can no longer be used (each holds an address)."""
    result = db.session.execute(sa.delete(EmailLink).where(EmailLink.expires_at <= (now or utcnow())))
    return result.rowcount


def _has_something(key: str, purpose: LinkPurpose) -> bool:
    if purpose == LinkPurpose.SIGN_IN:
        return bool(db.session.scalar(sa.select(User.id).where(User.email_key == key, User.active.is_(True))))
    return any(
        db.session.scalar(sa.select(sa.exists().where(condition)))
        for condition in (Registration.email_key == key, User.email_key == key, CalendarFeed.email == key)
    )


def _find(token: str, purpose: LinkPurpose) -> EmailLink | None:
    if not _well_formed(token):
        return None
    return db.session.scalar(
        sa.select(EmailLink).where(EmailLink.token_hash == _hash(token), EmailLink.purpose == purpose)
    )


def _well_formed(token: str) -> bool:
    return bool(token) and len(token) <= TOKEN_MAX_LENGTH


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
