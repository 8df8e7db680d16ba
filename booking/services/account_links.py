"""Signed links sent by email: confirming an address, choosing a new password.

Links are itsdangerous tokens signed with the SECRET_KEY, which every function
that makes or reads one takes as ``secret_key`` (``booking.settings.signing_key``,
never read here); each kind has its own salt so one can never be used as another. A password link carries a
fingerprint of the current password hash: once the password changes (the link
used, or another reset done) every earlier link dies, which makes it single use
without storing anything. Its age is checked here against ``utcnow`` so tests
can move the clock.
"""

from datetime import timedelta

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeTimedSerializer

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue
from booking.models import LinkPurpose, Role, User, utcnow
from booking.services import email_proof
from booking.services.accounts import AccountExists, attach_bookings, create_account, find_user, hash_password
from booking.services.email_proof import LinkBuilder
from booking.services.errors import InvalidLink

VERIFY_EMAIL = "verify_email"  # outbox message kind; payload: verify_url, name
RESET_SALT = "guichet.password-reset"
VERIFY_SALT = "guichet.verify-email"
RESET_MAX_AGE = timedelta(hours=1)
# An account created by an admin gets a "choose your password" link that waits a little longer.
WELCOME_MAX_AGE = timedelta(days=7)
VERIFY_MAX_AGE = timedelta(days=7)


# -- Password reset ---------------------------------------------------------------


def request_password_reset(email: str, locale: str, *, link: LinkBuilder, secret_key: str) -> None:
    """Email a reset link if an active account has this address; say nothing either way."""
    user = find_user(email)
    if user is not None and user.active:
        send_password_link(user, locale, link=link, secret_key=secret_key)


def send_password_link(user: User, locale: str, *, link: LinkBuilder, secret_key: str,
                       welcome: bool = False) -> None:
    """Queue the email with a link to choose a (new) password; ``link`` makes the token an absolute link."""
    max_age = WELCOME_MAX_AGE if welcome else RESET_MAX_AGE
    token = _serializer(RESET_SALT, secret_key).dumps({"u": user.id, "f": user.password_fingerprint, "w": welcome})
    enqueue(MessageKind.PASSWORD_RESET, user.email, locale, name=user.name, welcome=welcome,
            reset_url=link(token),
            valid_hours=int(max_age.total_seconds() // 3600))


def user_for_reset_token(token: str, *, secret_key: str) -> User:
    """The account a still valid, unused password link was made for."""
    data, issued_at = _load(RESET_SALT, token, secret_key)
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    max_age = WELCOME_MAX_AGE if data.get("w") else RESET_MAX_AGE
    if (user is None or not user.active or data.get("f") != user.password_fingerprint
            or utcnow() - issued_at > max_age):
        raise InvalidLink()
    return user


def reset_password(token: str, password: str, *, secret_key: str) -> User:
    """Set a new password from a link; the link is spent, and the address counts as confirmed."""
    hashed = hash_password(password)  # before the first query, which takes the write lock
    user = user_for_reset_token(token, secret_key=secret_key)
    user.password_hash = hashed
    # Whoever opened the link reads this mailbox: as good as a confirmation.
    _mark_verified(user)
    db.session.flush()
    return user


# -- Signing in with a link sent by email ---------------------------------------------
# The owner of an account can always get in this way, whatever the sign-in throttling does to passwords.


def request_sign_in_link(email: str, locale: str, *, link: LinkBuilder, lifetime: timedelta) -> None:
    """Email a single-use sign-in link if an active account has this address; say nothing either way."""
    email_proof.request_link(email, LinkPurpose.SIGN_IN, locale, link=link, lifetime=lifetime)


def sign_in_with_link(token: str) -> User:
    """Spend a sign-in link: the active account of the address it was sent to (which counts as confirmed)."""
    key = email_proof.spend(token, LinkPurpose.SIGN_IN)
    user = db.session.scalar(sa.select(User).where(User.email_key == key))
    if user is None or not user.active:
        raise InvalidLink()
    _mark_verified(user)
    db.session.flush()
    return user


# -- Signing up and confirming the address ------------------------------------------


def sign_up(*, name: str, email: str, password: str, locale: str,
            verification_link: LinkBuilder, password_link: LinkBuilder, secret_key: str) -> User | None:
    """Create a citizen's account and send the confirmation link.

    When the address already has an account, nothing is created and its owner
    is sent a password link instead: the page answers the same, so it cannot be
    used to find out who has an account.
    """
    try:
        user = create_account(email=email, name=name, role=Role.CITIZEN, password=password)
    except AccountExists:
        existing = find_user(email)
        if existing.active:
            send_password_link(existing, locale, link=password_link, secret_key=secret_key)
        return None
    send_verification(user, locale, link=verification_link, secret_key=secret_key)
    return user


def send_verification(user: User, locale: str, *, link: LinkBuilder, secret_key: str) -> None:
    token = _serializer(VERIFY_SALT, secret_key).dumps({"u": user.id, "e": user.email})
    enqueue(VERIFY_EMAIL, user.email, locale, name=user.name,
            verify_url=link(token))


def verify_email(token: str, *, secret_key: str) -> User:
    """Confirm the address a link was sent to, and attach the bookings made with it."""
    data, issued_at = _load(VERIFY_SALT, token, secret_key)
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or user.email != data.get("e") or utcnow() - issued_at > VERIFY_MAX_AGE:
        raise InvalidLink()
    _mark_verified(user)
    db.session.flush()
    return user


def _mark_verified(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    attach_bookings(user)


# -- Tokens ------------------------------------------------------------------------


def _serializer(salt: str, secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=salt)


def _load(salt: str, token: str, secret_key: str):
    if not token or len(token) > 1000:
        raise InvalidLink()
    try:
        data, issued_at = _serializer(salt, secret_key).loads(token, return_timestamp=True)
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidLink() from error
    if not isinstance(data, dict):
        raise InvalidLink()
    return data, issued_at
