"""The timed jobs, one line each.

A job is a function ``run(now) -> int`` (how many things it did) that decides
every rule from the ``now`` it is given, never from the real clock, so
``booking tick --now`` moves time for it. It flushes and never commits: the
tick commits its work together with the record of the run, so a job either
ran and is recorded, or neither. Nothing slow inside (no SMTP, no rendering):
a job writes outbox rows and the worker sends them.

``every`` is how long after one run the next falls due (the worker ticks every
30 seconds, so a minute is the finest that means anything). To add a job, write
its function where its rules live and add one ``Job(...)`` line to ``JOBS``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from booking.mail.reminders import queue_reminders
from booking.privacy.personal_data import purge_personal_data
from booking.services import bookings, idempotency
from booking.services.bookings import offers, reconfirmation


def always(_config: Mapping) -> bool:
    return True


@dataclass(frozen=True)
class Job:
    name: str  # stable: it keys the job's row in job_runs and its lock
    every: timedelta
    run: Callable[[datetime], int]
    done: str = "done"  # what the count counts, for the command line: "3 reminder(s) queued"
    enabled: Callable[[Mapping], bool] = always  # given app.config: a job may be switched off by a setting

    def __post_init__(self):
        # Workers ticking at one instant tell "already ran" from "due" by this gap: it cannot be zero.
        if self.every <= timedelta(0):
            raise ValueError(f"job {self.name}: `every` must be positive")


def retention_days(config: Mapping) -> int:
    """``PERSONAL_DATA_RETENTION_DAYS``; 0 (or empty) turns the purge off."""
    return int(config.get("PERSONAL_DATA_RETENTION_DAYS") or 0)


def purge_expired_personal_data(now: datetime) -> int:
    return purge_personal_data(retention_days(current_app.config), now=now)


JOBS: tuple[Job, ...] = (
    # The day before: sessions starting within 24 h; never twice (see mail/reminders.py).
    Job("reminders", every=timedelta(minutes=15), run=queue_reminders, done="reminder(s) queued"),
    Job("personal-data-purge", every=timedelta(hours=24), run=purge_expired_personal_data,
        done="registration(s) anonymised", enabled=lambda config: retention_days(config) > 0),
    # Answers kept for retried bookings hold personal data: gone once their 24 h are over.
    Job("idempotency-keys-purge", every=timedelta(hours=1), run=idempotency.purge_expired,
        done="expired idempotency key(s) deleted"),
    # Partner allocations: unused seats back to the public at their release time (the waiting list promoted),
    # and the contact told a few days before what is unused (once per release time).
    Job("allocations-release", every=timedelta(minutes=1), run=bookings.release_due, done="allocation(s) released"),
    Job("allocations-release-notice", every=timedelta(minutes=15), run=bookings.notify_release_soon,
        done="partner contact(s) told"),
    # Reconfirm or release (sessions with reconfirm_days_before): ask, remind halfway, release 24 h before.
    Job("reconfirm-ask", every=timedelta(minutes=5), run=reconfirmation.ask_due, done="booking(s) asked to reconfirm"),
    Job("reconfirm-remind", every=timedelta(minutes=5), run=reconfirmation.remind_due,
        done="reconfirmation reminder(s) queued"),
    Job("reconfirm-release", every=timedelta(minutes=5), run=reconfirmation.release_due,
        done="unconfirmed booking(s) released"),
    # Offers of freed seats (sessions with offer_hours) whose deadline passed go to the next party.
    Job("offers-expire", every=timedelta(minutes=1), run=offers.expire_due, done="offer(s) expired"),
)

