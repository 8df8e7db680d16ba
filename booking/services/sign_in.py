"""The growing delay between failed sign-ins on one account: slow for a guesser, never a lockout.

Three limits stand between a guesser and a password; the first two are rate limits on the
sign-in form (booking/account/routes.py), the third lives here:

- per account *and* address, a hard limit: from one address, one account gets a few tries;
- per address, whatever the accounts tried: one machine cannot spray many accounts;
- per account, whatever the address: after ``FREE_FAILURES`` failures within ``WINDOW``, each
  next attempt must wait 1, 2, 4… seconds after the last failure, never more than ``MAX_DELAY``.

The first two stop a guesser at one address without touching the owner at another. The
third keeps a guesser with many addresses slow (about one guess a minute) while costing the
owner at most a minute's wait: a pause, never a lockout. And the owner can always get in
with an emailed link. Failures are counted by a keyed hash of the address typed, whether or
not it has an account, so the delay never tells which addresses have one. The key of that hash
is an argument (``secret``: ``booking.settings.signing_key``), never read here. The clock is
``now`` (default: the real one), so tests move it instead of sleeping.
"""

import hashlib
import hmac
import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from booking.extensions import db
from booking.models import SignInFailures, normalise_email, utcnow

FREE_FAILURES = 10  # two addresses' worth of the per-address-and-account limit, before any delay
MAX_DELAY = timedelta(seconds=60)
WINDOW = timedelta(minutes=15)  # failures older than this are forgotten


def account_key(email: str, secret: str) -> str:
    """The key failures are counted under: a keyed hash of the address as Guichet compares it."""
    return hmac.new(secret.encode(), b"sign-in:" + normalise_email(email or "").encode(), hashlib.sha256).hexdigest()


def delay_after(failures: int) -> timedelta:
    """How long after the last failure the next attempt waits, given the failures in the window."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - FREE_FAILURES, 16)), MAX_DELAY)


def seconds_before_next_attempt(email: str, secret: str, now: datetime | None = None) -> int:
    """0 when the password may be checked now, else the whole seconds still to wait."""
    now = now or utcnow()
    row = db.session.get(SignInFailures, account_key(email, secret))
    if row is None or now - row.last_failed_at >= WINDOW:
        return 0
    remaining = row.last_failed_at + delay_after(row.failures) - now
    return max(0, math.ceil(remaining.total_seconds()))


def record_failure(email: str, secret: str, now: datetime | None = None) -> None:
    """Count one wrong password for ``email`` (flushed with the caller's transaction).

    One statement that inserts or adds (``ON CONFLICT``), so two failures at once never collide;
    failures older than the window are forgotten on the way.
    """
    now = now or utcnow()
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    stale = SignInFailures.last_failed_at <= now - WINDOW
    db.session.execute(
        insert(SignInFailures)
        .values(account_key=account_key(email, secret), failures=1, last_failed_at=now)
        .on_conflict_do_update(
            index_elements=[SignInFailures.account_key],
            set_={"failures": sa.case((stale, 1), else_=SignInFailures.failures + 1), "last_failed_at": now},
        )
    )
    db.session.execute(sa.delete(SignInFailures).where(stale))


def forget_failures(email: str, secret: str) -> None:
    """The owner got in: earlier failures no longer slow anyone down."""
    db.session.execute(sa.delete(SignInFailures).where(SignInFailures.account_key == account_key(email, secret)))
