"""With rate limits on, as in production: guessing passwords or sending emails in bulk is slowed down."""

import pytest

from booking.account.routes import SIGN_IN_RATE_LIMIT
from booking.limits import EMAIL_RATE_LIMIT, RECIPIENT_RATE_LIMIT
from tests.account.helpers import sign_in


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def _per_minute(limit: str) -> int:
    return int(limit.split(" per minute")[0])


def test_sign_in_attempts_are_limited(client, make):
    make.user("camille@example.org")
    # Other accounts each time: one account from one address has a smaller limit of its own
    # (tests/security/test_sign_in_throttling.py).
    for n in range(_per_minute(SIGN_IN_RATE_LIMIT)):
        assert sign_in(client, f"person{n}@example.org", "a wrong password").status_code == 200
    assert sign_in(client, "camille@example.org").status_code == 429


def test_reset_requests_are_limited_per_visitor(client):
    for n in range(_per_minute(EMAIL_RATE_LIMIT)):
        assert client.post("/account/password/forgot", data={"email": f"x{n}@example.org"}).status_code == 200
    assert client.post("/account/password/forgot", data={"email": "y@example.org"}).status_code == 429


def test_reset_requests_are_limited_per_recipient_from_any_address(client, make):
    """Nobody fills someone's mailbox with reset links, even from many machines."""
    make.user("camille@example.org")
    per_window = int(RECIPIENT_RATE_LIMIT.split(" per ")[0])
    for n in range(per_window):
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        assert client.post("/account/password/forgot", data={"email": "camille@example.org"}).status_code == 200
    client.environ_base["REMOTE_ADDR"] = "203.0.113.50"
    assert client.post("/account/password/forgot", data={"email": "Camille@Example.org"}).status_code == 429
    assert client.post("/account/password/forgot", data={"email": "someone.else@example.org"}).status_code == 200


def test_reading_the_sign_in_page_is_not_limited(client):
    for _ in range(_per_minute(SIGN_IN_RATE_LIMIT) + 2):
        assert client.get("/account/login").status_code == 200
