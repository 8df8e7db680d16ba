"""However many workers tick at one instant, each job runs once: on SQLite and on PostgreSQL."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.database import is_postgresql
from booking.extensions import db
from booking.jobs.registry import JOBS, Job
from booking.jobs.ticking import Outcome
from booking.models import JobRun, JobStatus, Registration, utcnow
from booking.privacy.personal_data import ANONYMOUS_NAME
from tests.conftest import Builders
from tests.jobs.conftest import CountingJob, outbox, ran, tick_together

ROUNDS = 3


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_app(request):
    """A file SQLite database (each thread its own connection) or a PostgreSQL one."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


def test_two_workers_ticking_at_once_run_each_job_once(any_app):
    any_app.config["PERSONAL_DATA_RETENTION_DAYS"] = 1
    make = Builders()
    now = utcnow() + timedelta(days=2)
    held = make.session(starts_in=timedelta(hours=1))  # ended more than a day before `now`: purged
    old = [make.registration(held, email=f"old{n}@example.org") for n in range(3)]
    soon = make.session(starts_at=now + timedelta(hours=20))  # starts within a day of `now`: reminded
    coming = [make.registration(soon, email=f"soon{n}@example.org") for n in range(5)]
    slow = CountingJob()
    jobs = (Job("slow", every=timedelta(hours=1), run=slow), *JOBS)

    results = [outcomes for _ in range(ROUNDS) for outcomes in tick_together(any_app, now, jobs)]

    assert ran(results) == {job.name: 1 for job in jobs}  # every job once, however many workers tick
    assert slow.runs == 1
    assert {o.outcome for outcomes in results for o in outcomes} <= {Outcome.RAN, Outcome.NOT_DUE, Outcome.BUSY}
    assert sorted(m.registration_id for m in outbox("reminder")) == sorted(r.id for r in coming)
    db.session.expire_all()
    names = db.session.scalars(sa.select(Registration.name).where(Registration.id.in_([r.id for r in old])))
    assert set(names) == {ANONYMOUS_NAME}
    records = db.session.scalars(sa.select(JobRun).order_by(JobRun.name)).all()
    assert [(r.name, r.last_run_at, r.last_status) for r in records] == sorted(
        (job.name, now, JobStatus.OK) for job in jobs)


def test_the_second_worker_leaves_a_running_job_to_the_first(any_app):
    """PostgreSQL: its try-lock fails, so it skips the job at once and runs the next one itself.
    SQLite: it waits for the write lock, then finds the job done."""
    first, second = CountingJob(seconds=1.0), CountingJob(seconds=0)
    jobs = (Job("first", every=timedelta(hours=1), run=first), Job("second", every=timedelta(hours=1), run=second))

    results = tick_together(any_app, utcnow(), jobs)

    assert (first.runs, second.runs) == (1, 1)
    [runner] = [outcomes for outcomes in results if outcomes[0].outcome == Outcome.RAN]
    [other] = [outcomes for outcomes in results if outcomes is not runner]
    if is_postgresql(db.engine):
        assert [(o.name, o.outcome) for o in other] == [("first", Outcome.BUSY), ("second", Outcome.RAN)]
        assert [(o.name, o.outcome) for o in runner] == [("first", Outcome.RAN), ("second", Outcome.NOT_DUE)]
    else:
        assert other[0].outcome == Outcome.NOT_DUE
