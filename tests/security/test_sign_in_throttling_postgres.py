"""The account's failure count on PostgreSQL: one INSERT … ON CONFLICT statement, so concurrent failures add up."""

import threading
from datetime import timedelta

import pytest

from booking import settings
from booking.extensions import db
from booking.models import SignInFailures, utcnow
from booking.services import sign_in as throttle

pytestmark = pytest.mark.postgres


def test_failures_add_up_and_age_out_on_postgres(pg_app):
    now = utcnow()
    for n in range(throttle.FREE_FAILURES + 2):
        throttle.record_failure("Camille@Example.org", settings.signing_key(), now + timedelta(seconds=n))
    db.session.commit()

    assert throttle.seconds_before_next_attempt("camille@example.org", settings.signing_key(), now + timedelta(seconds=11)) == 4
    throttle.record_failure("camille@example.org", settings.signing_key(), now + throttle.WINDOW + timedelta(seconds=12))
    db.session.commit()
    row = db.session.get(SignInFailures, throttle.account_key("camille@example.org", settings.signing_key()))
    assert row.failures == 1


def test_concurrent_failures_on_one_account_are_all_counted_on_postgres(pg_app):
    now, errors = utcnow(), []

    def fail_once():
        try:
            with pg_app.app_context():
                throttle.record_failure("camille@example.org", settings.signing_key(), now)
                db.session.commit()
        except Exception as error:  # collected: the test asserts there were none
            errors.append(error)

    threads = [threading.Thread(target=fail_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    db.session.expire_all()
    assert db.session.get(SignInFailures, throttle.account_key("camille@example.org", settings.signing_key())).failures == 8
