"""``booking worker``: the outbox delivery loop, running the timed jobs every little while.

One kind of process does all the background work, so a deployment runs any
number of identical workers and no cron line: each email is sent once
(delivery claims rows) and each job runs once per cluster (ticking.py).
"""

import logging
import threading
import time
from collections.abc import Callable

from booking.extensions import db
from booking.jobs.ticking import JobOutcome, tick
from booking.mail import worker as mail_worker
from booking.mail.delivery import DeliveryReport

log = logging.getLogger("guichet.jobs")

TICK_SECONDS = 30.0  # how often the worker asks which jobs are due (cheap when none is)


class Ticker:
    """Called on every round of the delivery loop; ticks when ``every`` seconds have passed.

    Whatever goes wrong in a tick is logged and the loop goes on: a broken job, or the
    database gone for a while, must never stop the emails.
    """

    def __init__(self, every: float = TICK_SECONDS, on_outcomes: Callable[[list[JobOutcome]], None] | None = None):
        self.every = every
        self.on_outcomes = on_outcomes
        self._next = 0.0  # monotonic time of the next tick: the first round ticks at once

    def __call__(self) -> None:
        if time.monotonic() < self._next:
            return
        self._next = time.monotonic() + self.every
        try:
            outcomes = tick()
        except Exception:
            db.session.rollback()
            log.exception("timed jobs: tick failed, trying again in %s s", self.every)
            return
        if self.on_outcomes is not None:
            self.on_outcomes(outcomes)


def run(
    *,
    stop: threading.Event | None = None,
    idle_seconds: float = mail_worker.IDLE_SECONDS,
    tick_seconds: float = TICK_SECONDS,
    on_report: Callable[[DeliveryReport], None] | None = None,
    on_outcomes: Callable[[list[JobOutcome]], None] | None = None,
) -> DeliveryReport:
    """Deliver the outbox and tick the timed jobs until ``stop`` is set (or SIGTERM, Ctrl-C)."""
    return mail_worker.run(stop=stop, idle_seconds=idle_seconds, on_report=on_report,
                           between=Ticker(tick_seconds, on_outcomes))
