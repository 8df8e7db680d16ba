"""Secret tokens: from the OS's CSPRNG (``secrets``), at least 128 bits, compared in constant time."""

import base64
import hmac

import pytest
import sqlalchemy as sa

from booking import links, settings
from booking.calendar import feeds
from booking.extensions import db
from booking.models import OutboxMessage
from booking.models import registration as registration_model
from booking.services import account_links, api_tokens, registrations

MIN_BITS = 128


def bits(token: str) -> int:
    """The entropy a URL-safe base64 token carries (its decoded length)."""
    return 8 * len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


@pytest.fixture
def from_secrets(monkeypatch):
    """Every token made while this is active comes from secrets.token_urlsafe, which is spied on."""
    made = []
    real = registration_model.secrets.token_urlsafe

    def spy(nbytes=None):
        made.append(real(nbytes))
        return made[-1]

    monkeypatch.setattr(registration_model.secrets, "token_urlsafe", spy)  # the module `secrets` itself
    return made


@pytest.fixture
def compared(monkeypatch):
    """The (a, b) pairs given to hmac.compare_digest."""
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


def test_manage_tokens_come_from_secrets_with_at_least_128_bits(make, from_secrets):
    registration = make.registration(make.session())

    assert registration.manage_token in from_secrets
    assert bits(registration.manage_token) >= MIN_BITS


def test_calendar_feed_tokens_come_from_secrets_with_at_least_128_bits(make, from_secrets):
    feed = feeds.get_or_create_feed("camille@example.org")
    renewed = feeds.revoke_feed("camille@example.org").token

    assert feed.token in from_secrets and renewed in from_secrets
    assert bits(renewed) >= MIN_BITS


def test_api_tokens_come_from_secrets_with_at_least_128_bits(make, from_secrets):
    _row, secret = api_tokens.create_token(make.user(role="organiser", teams=[make.team()]))

    assert secret in from_secrets
    assert bits(secret) >= MIN_BITS


def test_password_links_are_signed_with_at_least_128_bits(make):
    account_links.send_password_link(make.user("camille@example.org"), "fr", link=links.password_link,
                                     secret_key=settings.signing_key())
    url = db.session.scalars(sa.select(OutboxMessage)).one().payload["reset_url"]

    signature = url.rsplit(".", 1)[1]

    assert bits(signature) >= MIN_BITS


def test_manage_tokens_are_unique(make):
    session = make.session(capacity=50)
    tokens = {make.registration(session).manage_token for _ in range(30)}

    assert len(tokens) == 30


def test_a_manage_link_is_checked_in_constant_time(make, compared):
    registration = make.registration(make.session())

    assert registrations.by_manage_token(registration.manage_token) == registration
    assert (registration.manage_token, registration.manage_token) in compared


def test_a_calendar_feed_is_checked_in_constant_time(make, compared):
    feed = feeds.get_or_create_feed("camille@example.org")
    db.session.commit()

    assert feeds.feed_by_token(feed.token) == feed
    assert (feed.token, feed.token) in compared


def test_a_password_link_signature_is_checked_in_constant_time(app, make, compared):
    account_links.send_password_link(make.user("camille@example.org"), "fr", link=links.password_link,
                                     secret_key=settings.signing_key())
    url = db.session.scalars(sa.select(OutboxMessage)).one().payload["reset_url"]

    account_links.user_for_reset_token(url.rsplit("/", 1)[1], secret_key=settings.signing_key())

    assert compared  # itsdangerous compares the signature with hmac.compare_digest


@pytest.mark.parametrize("token", ["", "x", "A" * 43, "A" * 65, "../../etc/passwd", "%00"])
def test_wrong_manage_tokens_open_nothing(client, make, token):
    make.registration(make.session())

    assert registrations.by_manage_token(token) is None
    assert client.get(f"/r/{token}").status_code == 404
