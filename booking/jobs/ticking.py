"""Running the jobs that are due at ``now``, each once per cluster however many workers tick.

Each job runs in a transaction of its own, under a lock only one worker can
hold: on PostgreSQL a transaction-level advisory lock taken with a *try*
(a worker that does not get it skips the job: another one is running it);
on SQLite the write lock every write transaction takes at ``BEGIN IMMEDIATE``
(a worker that cannot get it within the lock timeout skips too). Under the
lock, the job's ``job_runs`` row says whether it is still due, so a worker
that comes second, even a moment later, finds it done and leaves it. The
job's work and its new ``job_runs`` row are committed together, which also
releases the lock.

A failing job is logged and recorded (status ``failed`` with the error, its
work rolled back to a savepoint) and tried again after ``RETRY_AFTER_FAILURE``;
it never stops the other jobs, nor the worker.
"""

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from booking.database import is_lock_timeout, is_postgresql, read_only
from booking.extensions import db
from booking.jobs import registry
from booking.jobs.registry import Job
from booking.models import JobRun, JobStatus, utcnow

log = logging.getLogger("guichet.jobs")

RETRY_AFTER_FAILURE = timedelta(minutes=5)  # or sooner, for a job that runs more often
ERROR_MAX = 1000
# Namespaces the jobs' advisory locks (beside bookings.EMAIL_LOCK_CLASS).
JOB_LOCK_CLASS = 0x6A6F


class Outcome(enum.StrEnum):
    RAN = "ran"
    FAILED = "failed"
    NOT_DUE = "not due"
    BUSY = "busy"  # another worker holds the job's lock
    OFF = "off"  # switched off by a setting


@dataclass(frozen=True)
class JobOutcome:
    name: str
    outcome: Outcome
    count: int = 0
    error: str | None = None
    next_due_at: datetime | None = None
    done: str = "done"  # what ``count`` counts (Job.done)


class LastRun(NamedTuple):
    last_run_at: datetime
    last_status: str


def next_due_at(job: Job, last: LastRun | JobRun | None) -> datetime | None:
    """When ``job`` falls due after its last run (None: due now, it never ran)."""
    if last is None:
        return None
    wait = job.every if last.last_status == JobStatus.OK else min(job.every, RETRY_AFTER_FAILURE)
    return last.last_run_at + wait


def is_due(job: Job, last: LastRun | JobRun | None, now: datetime) -> bool:
    due_at = next_due_at(job, last)
    return due_at is None or now >= due_at


def tick(now: datetime | None = None, jobs: Sequence[Job] | None = None) -> list[JobOutcome]:
    """Run every job due at ``now`` (default: the real clock) once; one outcome per job, in order.

    ``jobs`` defaults to every job of the registry.
    """
    now = now or utcnow()
    jobs = registry.JOBS if jobs is None else jobs
    runs = _last_runs()
    outcomes = []
    for job in jobs:
        if not job.enabled(current_app.config):
            outcomes.append(JobOutcome(job.name, Outcome.OFF))
        elif not is_due(job, runs.get(job.name), now):
            outcomes.append(JobOutcome(job.name, Outcome.NOT_DUE, next_due_at=next_due_at(job, runs.get(job.name))))
        else:
            outcomes.append(_run_if_still_due(job, now))
    return outcomes


def _last_runs() -> dict[str, LastRun]:
    """A first look without the write lock, so an idle worker never holds up a booking on SQLite."""
    with read_only():
        rows = db.session.execute(sa.select(JobRun.name, JobRun.last_run_at, JobRun.last_status)).all()
        db.session.rollback()
    return {name: LastRun(last_run_at, last_status) for name, last_run_at, last_status in rows}


def _run_if_still_due(job: Job, now: datetime) -> JobOutcome:
    try:
        if not _try_lock(job):
            db.session.rollback()
            return JobOutcome(job.name, Outcome.BUSY)
        run = db.session.get(JobRun, job.name, populate_existing=True)
        if not is_due(job, run, now):  # another worker ran it since the first look
            db.session.rollback()
            return JobOutcome(job.name, Outcome.NOT_DUE, next_due_at=next_due_at(job, run))
        outcome = _run(job, now)
        _record(run, job, now, outcome)
        db.session.commit()
        return outcome
    except SQLAlchemyError as error:
        db.session.rollback()
        if is_lock_timeout(error):  # SQLite: another worker holds the write lock longer than we wait
            return JobOutcome(job.name, Outcome.BUSY)
        log.exception("job %s: database error", job.name)
        return JobOutcome(job.name, Outcome.FAILED, error=_describe(error))


def _try_lock(job: Job) -> bool:
    """PostgreSQL: the job's advisory lock, held until commit or rollback; never waits for it.

    SQLite: nothing to do here. The transaction's first statement (reading the job's row)
    begins it ``BEGIN IMMEDIATE``, taking the write lock: one worker at a time gets past it,
    and one that waits beyond the lock timeout gets a lock error, counted as busy.
    """
    if not is_postgresql(db.session.get_bind()):
        return True
    return bool(db.session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(
        JOB_LOCK_CLASS, sa.func.hashtext(job.name)))))


def _run(job: Job, now: datetime) -> JobOutcome:
    try:
        with db.session.begin_nested():  # a failure undoes the job's work, not the lock nor the record
            count = job.run(now)
            db.session.flush()
    except Exception as error:  # a bug in one job must not stop the others, nor the worker
        # (If the error broke the transaction itself, recording fails too: the caller logs it.)
        log.exception("job %s failed", job.name)
        return JobOutcome(job.name, Outcome.FAILED, error=_describe(error))
    return JobOutcome(job.name, Outcome.RAN, count=int(count or 0), next_due_at=now + job.every, done=job.done)


def _record(run: JobRun | None, job: Job, now: datetime, outcome: JobOutcome) -> None:
    if run is None:
        run = JobRun(name=job.name)
        db.session.add(run)
    run.last_run_at = now
    run.last_status = JobStatus.OK if outcome.outcome == Outcome.RAN else JobStatus.FAILED
    run.last_error = outcome.error
    db.session.flush()


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_MAX]
