"""With rate limits on, as in production: guessing passwords or sending emails in bulk is slowed down."""

import pytest

from booking.account.routes import EMAIL_RATE_LIMIT, SIGN_IN_RATE_LIMIT
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


def test_reset_requests_are_limited(client):
    for _ in range(_per_minute(EMAIL_RATE_LIMIT)):
        assert client.post("/account/password/forgot", data={"email": "x@example.org"}).status_code == 200
    assert client.post("/account/password/forgot", data={"email": "x@example.org"}).status_code == 429


def test_reading_the_sign_in_page_is_not_limited(client):
    for _ in range(_per_minute(SIGN_IN_RATE_LIMIT) + 2):
        assert client.get("/account/login").status_code == 200
