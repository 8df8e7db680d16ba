"""The long-running mail worker: deliver, sleep a little when idle, stop cleanly on SIGTERM or Ctrl-C."""

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from booking.extensions import db
from booking.mail.delivery import DeliveryReport, deliver_due

log = logging.getLogger("guichet.mail")

IDLE_SECONDS = 2.0
# After a database error, wait longer each time (up to a minute) instead of spinning.
ERROR_PAUSES = (1, 2, 5, 10, 30, 60)


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set ``stop``: the message on the wire is finished, the rest handed back."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread; the caller owns ``stop``
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    for sig in previous:
        signal.signal(sig, lambda _signum, _frame: stop.set())
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    idle_seconds: float = IDLE_SECONDS,
    on_report: Callable[[DeliveryReport], None] | None = None,
    between: Callable[[], None] | None = None,
) -> DeliveryReport:
    """Deliver due messages; with ``once``, drain and return, else loop until ``stop`` is set.

    ``between`` is called before each round of delivery (``booking worker`` ticks the timed
    jobs there, so what they queue goes out in the same round); it must not raise.
    """
    stop = stop or threading.Event()
    total = DeliveryReport()
    errors = 0
    with stop_on_signals(stop):
        while not stop.is_set():
            if between is not None:
                between()
            try:
                report = deliver_due(stop=stop)
            except SQLAlchemyError:
                db.session.rollback()
                if once:
                    raise
                pause = ERROR_PAUSES[min(errors, len(ERROR_PAUSES) - 1)]
                errors += 1
                log.exception("mail worker: database error, trying again in %s s", pause)
                stop.wait(pause)
                continue
            errors = 0
            total += report
            if report.handled and on_report is not None:
                on_report(report)
            if once:
                break
            if not report.handled:
                stop.wait(idle_seconds)
    return total
