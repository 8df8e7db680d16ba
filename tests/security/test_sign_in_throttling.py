"""Signing in is throttled without locking the owner out.

From one address, one account gets a few tries (a hard limit), and one address a few tries a
minute whatever the accounts. Across addresses, each account has a growing delay between
attempts (1, 2, 4… seconds, at most a minute): slow for a guesser, a short pause for the owner.
The delay's clock is moved, not waited for.
"""

from datetime import timedelta

import pytest

from booking import settings
from booking.account.routes import ACCOUNT_AND_ADDRESS_SIGN_IN_RATE_LIMIT, SIGN_IN_RATE_LIMIT
from booking.models import utcnow
from booking.services import sign_in as throttle
from tests.account.helpers import sign_in

PAIR_LIMIT = int(ACCOUNT_AND_ADDRESS_SIGN_IN_RATE_LIMIT.split(" per ")[0])
ADDRESS_LIMIT = int(SIGN_IN_RATE_LIMIT.split(" per minute")[0])
WRONG = "a wrong password"


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


class Clock:
    """The delay's clock, moved by the test."""

    def __init__(self, monkeypatch):
        self.now = utcnow()
        monkeypatch.setattr(throttle, "utcnow", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def from_address(client, n: int):
    """The client as seen from another machine."""
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
    return client


def fail_from_many_addresses(client, clock, email: str, count: int, first_address: int = 1) -> None:
    """``count`` wrong passwords, each from its own address and each after the account's delay, if any."""
    for n in range(first_address, first_address + count):
        clock.advance(throttle.seconds_before_next_attempt(email, settings.signing_key(), clock.now))
        assert sign_in(from_address(client, n), email, WRONG).status_code == 200


# -- One address ----------------------------------------------------------------------------------


def test_ten_wrong_passwords_from_one_address_do_not_stop_the_owner_at_another(client, make, clock):
    make.user("camille@example.org")
    attacker = from_address(client, 66)
    answers = [sign_in(attacker, "camille@example.org", WRONG).status_code for _ in range(10)]

    owner = sign_in(from_address(client, 7), "camille@example.org")

    assert answers == [200] * PAIR_LIMIT + [429] * (10 - PAIR_LIMIT)
    assert owner.status_code == 302


def test_brute_force_from_one_address_is_stopped_even_with_the_right_password(client, make, clock):
    make.user("camille@example.org")
    for _ in range(PAIR_LIMIT):
        assert sign_in(client, "camille@example.org", WRONG).status_code == 200

    response = sign_in(client, "camille@example.org")

    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_the_limit_of_one_address_on_one_account_ignores_case_and_spaces(client, make, clock):
    make.user("camille@example.org")
    for n in range(PAIR_LIMIT):
        sign_in(client, " Camille@Example.ORG " if n % 2 else "CAMILLE@example.org", WRONG)

    assert sign_in(client, "camille@example.org").status_code == 429


def test_another_account_from_the_same_address_is_not_affected(client, make, clock):
    make.user("camille@example.org")
    make.user("zoe@example.org")
    for _ in range(PAIR_LIMIT):
        sign_in(client, "camille@example.org", WRONG)

    assert sign_in(client, "zoe@example.org").status_code == 302


def test_successful_sign_ins_do_not_count(client, make, clock):
    make.user("camille@example.org")
    for _ in range(PAIR_LIMIT + 2):
        assert sign_in(client, "camille@example.org").status_code == 302


def test_one_address_is_limited_whatever_the_accounts_tried(client, make, clock):
    for n in range(ADDRESS_LIMIT):
        assert sign_in(client, f"person{n}@example.org", WRONG).status_code == 200

    assert sign_in(client, "someone-else@example.org", WRONG).status_code == 429


# -- One account, many addresses: a growing delay, never a lockout -----------------------------------


def test_guesses_from_many_addresses_make_the_account_wait_a_second_then_the_owner_gets_in(client, make, clock):
    make.user("camille@example.org")
    fail_from_many_addresses(client, clock, "camille@example.org", throttle.FREE_FAILURES)

    paused = sign_in(from_address(client, 200), "camille@example.org")
    clock.advance(1)
    owner = sign_in(from_address(client, 200), "camille@example.org")

    assert paused.status_code == 429 and paused.headers["Retry-After"] == "1"
    assert owner.status_code == 302


def test_the_delay_doubles_with_each_failure_up_to_a_minute(client, make, clock):
    make.user("camille@example.org")
    fail_from_many_addresses(client, clock, "camille@example.org", throttle.FREE_FAILURES)
    waits = []
    for n in range(10):
        response = sign_in(from_address(client, 100 + n), "camille@example.org", WRONG)
        assert response.status_code == 429
        waits.append(int(response.headers["Retry-After"]))
        clock.advance(waits[-1])
        assert sign_in(from_address(client, 100 + n), "camille@example.org", WRONG).status_code == 200

    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]


def test_a_guesser_who_never_stops_delays_the_owner_by_a_minute_at_most(client, make, clock):
    make.user("camille@example.org")
    # Far more guesses than the delay lets through quickly: each one waits its turn.
    fail_from_many_addresses(client, clock, "camille@example.org", 40)

    clock.advance(throttle.MAX_DELAY.total_seconds())

    assert sign_in(from_address(client, 250), "camille@example.org").status_code == 302


def test_the_owner_getting_in_clears_the_delay(client, make, clock):
    make.user("camille@example.org")
    fail_from_many_addresses(client, clock, "camille@example.org", throttle.FREE_FAILURES + 2)
    clock.advance(4)
    assert sign_in(from_address(client, 200), "camille@example.org").status_code == 302

    assert throttle.seconds_before_next_attempt("camille@example.org", settings.signing_key(), clock.now) == 0


def test_failures_are_forgotten_after_the_window(client, make, clock):
    make.user("camille@example.org")
    fail_from_many_addresses(client, clock, "camille@example.org", throttle.FREE_FAILURES + 5)

    clock.advance(throttle.WINDOW.total_seconds())

    assert throttle.seconds_before_next_attempt("camille@example.org", settings.signing_key(), clock.now) == 0
    assert sign_in(from_address(client, 200), "camille@example.org", WRONG).status_code == 200
    assert sign_in(from_address(client, 201), "camille@example.org").status_code == 302  # one failure: no delay


def test_an_address_without_an_account_is_delayed_exactly_like_one_with(client, make, clock):
    make.user("camille@example.org")
    fail_from_many_addresses(client, clock, "camille@example.org", throttle.FREE_FAILURES)
    fail_from_many_addresses(client, clock, "nobody@example.org", throttle.FREE_FAILURES, first_address=50)

    real = sign_in(from_address(client, 200), "camille@example.org", WRONG)
    unknown = sign_in(from_address(client, 201), "nobody@example.org", WRONG)

    assert (real.status_code, real.headers["Retry-After"]) == (unknown.status_code, unknown.headers["Retry-After"])


@pytest.mark.parametrize(("failures", "seconds"), [(0, 0), (9, 0), (10, 1), (11, 2), (15, 32), (16, 60), (500, 60)])
def test_the_delay_after_some_failures(failures, seconds):
    assert throttle.delay_after(failures) == timedelta(seconds=seconds)


# -- What the person reads ------------------------------------------------------------------------------


def test_the_429_page_explains_the_pause_and_offers_a_new_password(client, make, clock):
    make.user("camille@example.org")
    for _ in range(PAIR_LIMIT):
        sign_in(client, "camille@example.org", WRONG)

    response = sign_in(client, "camille@example.org")

    assert response.status_code == 429
    assert "paused for up to 15 minutes" in response.text
    assert 'href="/account/password/forgot"' in response.text
    assert response.headers.get("Retry-After")


def test_the_429_page_speaks_french(client, make, clock):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    make.user("camille@example.org")
    fail_from_many_addresses(client, clock, "camille@example.org", throttle.FREE_FAILURES)

    response = sign_in(from_address(client, 200), "camille@example.org")

    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert "la connexion est suspendue" in response.text
