"""Signing in is throttled per address and per account; the 429 page says what to do, in both languages."""

import pytest

from booking.account.routes import ACCOUNT_SIGN_IN_RATE_LIMIT, SIGN_IN_RATE_LIMIT
from tests.account.helpers import sign_in

ACCOUNT_LIMIT = int(ACCOUNT_SIGN_IN_RATE_LIMIT.split(" per ")[0])
ADDRESS_LIMIT = int(SIGN_IN_RATE_LIMIT.split(" per minute")[0])


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def from_address(client, n: int):
    """The client as seen from another machine (one address per attempt)."""
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
    return client


def test_wrong_passwords_from_many_addresses_lock_that_account(client, make):
    make.user("camille@example.org")
    for n in range(ACCOUNT_LIMIT):
        assert sign_in(from_address(client, n), "camille@example.org", "a wrong password").status_code == 200

    response = sign_in(from_address(client, 200), "camille@example.org")

    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_the_account_key_ignores_case_and_spaces(client, make):
    make.user("camille@example.org")
    for n in range(ACCOUNT_LIMIT):
        variant = " Camille@Example.ORG " if n % 2 else "CAMILLE@example.org"
        sign_in(from_address(client, n), variant, "a wrong password")

    assert sign_in(from_address(client, 200), "camille@example.org").status_code == 429


def test_another_account_is_not_affected(client, make):
    make.user("camille@example.org")
    make.user("zoe@example.org")
    for n in range(ACCOUNT_LIMIT):
        sign_in(from_address(client, n), "camille@example.org", "a wrong password")

    assert sign_in(from_address(client, 201), "zoe@example.org").status_code == 302


def test_successful_sign_ins_do_not_count_against_the_account(client, make):
    make.user("camille@example.org")
    for n in range(ACCOUNT_LIMIT + 2):
        assert sign_in(from_address(client, n), "camille@example.org").status_code == 302


def test_one_address_is_limited_whatever_the_accounts_tried(client, make):
    for n in range(ADDRESS_LIMIT):
        assert sign_in(client, f"person{n}@example.org", "a wrong password").status_code == 200

    assert sign_in(client, "someone-else@example.org", "a wrong password").status_code == 429


def test_the_429_page_explains_the_pause_and_offers_a_new_password(client, make):
    make.user("camille@example.org")
    for n in range(ACCOUNT_LIMIT):
        sign_in(from_address(client, n), "camille@example.org", "a wrong password")

    response = sign_in(from_address(client, 200), "camille@example.org")

    assert response.status_code == 429
    assert "paused for up to 15 minutes" in response.text
    assert 'href="/account/password/forgot"' in response.text
    assert response.headers.get("Retry-After")


def test_the_429_page_speaks_french(client, make):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    make.user("camille@example.org")
    for n in range(ACCOUNT_LIMIT):
        sign_in(from_address(client, n), "camille@example.org", "a wrong password")

    response = sign_in(from_address(client, 200), "camille@example.org")

    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert "la connexion est suspendue" in response.text
