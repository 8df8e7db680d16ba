"""Driving the timed jobs as an operator or a test does: ``booking tick --now`` through the CLI runner."""

import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.jobs.ticking import JobOutcome, tick
from booking.models import JobRun, OutboxMessage


@pytest.fixture
def tick_at(runner) -> Callable[[datetime], str]:
    """Run ``booking tick --now WHEN`` and return its output (one line per job)."""

    def run(when: datetime, exit_code: int = 0) -> str:
        result = runner.invoke(args=["booking", "tick", "--now", when.isoformat()])
        assert result.exit_code == exit_code, result.output + repr(result.exception)
        return result.output

    return run


def line_of(output: str, job: str) -> str:
    [line] = [line for line in output.splitlines() if line.startswith(f"{job}:")]
    return line


def outbox(kind: str) -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)).all()


def job_run(name: str) -> JobRun | None:
    db.session.expire_all()
    return db.session.get(JobRun, name)


class CountingJob:
    """A job that counts its runs (across threads) and takes a while, so that ticks overlap."""

    def __init__(self, seconds: float = 0.3):
        self.seconds = seconds
        self.runs = 0
        self._lock = threading.Lock()
        self._done = threading.Event()

    def __call__(self, now: datetime) -> int:
        with self._lock:
            self.runs += 1
        self._done.wait(self.seconds)  # a pause, never set: keeps the job's lock held a little
        return 1


def tick_together(app, now: datetime, jobs, workers: int = 2) -> list[list[JobOutcome]]:
    """``workers`` threads, each like a worker process with its own connection, ticking at one instant."""
    start, results, errors = threading.Barrier(workers), [], []

    def work():
        with app.app_context():
            try:
                start.wait()
                results.append(tick(now, jobs))
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert len(results) == workers
    return results


def ran(results: list[list[JobOutcome]]) -> Counter:
    """How many times each job ran, over every worker."""
    return Counter(o.name for outcomes in results for o in outcomes if o.outcome == "ran")
