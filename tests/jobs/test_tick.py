"""``booking tick --now``: each job due at that instant runs once; time is whatever the test says."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.jobs import registry
from booking.jobs.registry import JOBS, Job
from booking.jobs.ticking import Outcome, tick
from booking.models import JobStatus, Registration, Team, utcnow
from booking.privacy.personal_data import ANONYMOUS_NAME
from tests.jobs.conftest import job_run, line_of, outbox


def test_reminders_go_out_when_the_clock_reaches_the_day_before(make, tick_at):
    session = make.session(starts_in=timedelta(days=3))
    booked = make.registration(session, email="camille@example.org")
    now = utcnow()

    assert line_of(tick_at(now), "reminders") == "reminders: ran, 0 reminder(s) queued."
    output = tick_at(session.starts_at - timedelta(hours=23))

    assert line_of(output, "reminders") == "reminders: ran, 1 reminder(s) queued."
    [reminder] = outbox("reminder")
    assert reminder.registration_id == booked.id
    assert db.session.get(Registration, booked.id).reminder_sent_at == session.starts_at - timedelta(hours=23)


def test_reminders_are_never_queued_twice_however_many_ticks(make, tick_at):
    session = make.session(starts_in=timedelta(hours=20))
    make.registration(session)
    now = utcnow()
    for minutes in (0, 15, 30, 45, 60):
        tick_at(now + timedelta(minutes=minutes))
    assert len(outbox("reminder")) == 1


def test_a_job_not_yet_due_is_not_run_again(make, tick_at):
    now = utcnow()
    tick_at(now)
    make.registration(make.session(starts_in=timedelta(hours=2)))

    output = tick_at(now + timedelta(minutes=5))

    assert line_of(output, "reminders") == f"reminders: not due (next at {(now + timedelta(minutes=15)).isoformat()})."
    assert outbox("reminder") == []
    assert job_run("reminders").last_run_at == now
    output = tick_at(now + timedelta(minutes=15))
    assert line_of(output, "reminders") == "reminders: ran, 1 reminder(s) queued."


def test_the_purge_anonymises_attendees_once_the_retention_has_passed(make, tick_at):
    session = make.session(starts_in=timedelta(days=1))
    kept = make.registration(session, email="zoe@example.org", name="Zoë Durand")
    held_until = session.ends_at + timedelta(days=365)

    output = tick_at(held_until - timedelta(days=1))
    assert line_of(output, "personal-data-purge") == "personal-data-purge: ran, 0 registration(s) anonymised."
    assert db.session.get(Registration, kept.id).name == "Zoë Durand"

    output = tick_at(held_until + timedelta(hours=1))  # more than a day later: due again
    assert line_of(output, "personal-data-purge") == "personal-data-purge: ran, 1 registration(s) anonymised."
    db.session.expire_all()
    registration = db.session.get(Registration, kept.id)
    assert registration.name == ANONYMOUS_NAME and "zoe" not in registration.email


@pytest.mark.parametrize("app_config", [{"PERSONAL_DATA_RETENTION_DAYS": 30}])
def test_the_retention_is_a_setting(make, tick_at):
    session = make.session(starts_in=timedelta(days=1))
    registration = make.registration(session)
    tick_at(session.ends_at + timedelta(days=31))
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).name == ANONYMOUS_NAME


@pytest.mark.parametrize("app_config", [{"PERSONAL_DATA_RETENTION_DAYS": 0}, {"PERSONAL_DATA_RETENTION_DAYS": ""}])
def test_a_retention_of_zero_or_empty_turns_the_purge_off(make, tick_at):
    session = make.session(starts_in=timedelta(days=1))
    registration = make.registration(session, name="Zoë Durand")
    output = tick_at(session.ends_at + timedelta(days=3650))
    assert line_of(output, "personal-data-purge") == "personal-data-purge: off."
    assert db.session.get(Registration, registration.id).name == "Zoë Durand"
    assert job_run("personal-data-purge") is None


def test_a_failing_job_is_recorded_and_the_others_still_run(make):
    def broken(now):
        db.session.add(Team(name="Half-done", slug="half-done"))
        db.session.flush()
        raise RuntimeError("the partner list is unreadable")

    make.registration(make.session(starts_in=timedelta(hours=2)))
    jobs = (Job("broken", every=timedelta(hours=1), run=broken), *JOBS)
    now = utcnow()

    outcomes = {o.name: o for o in tick(now, jobs)}

    assert outcomes["broken"].outcome == Outcome.FAILED
    assert "the partner list is unreadable" in outcomes["broken"].error
    assert outcomes["reminders"].outcome == Outcome.RAN and outcomes["reminders"].count == 1
    record = job_run("broken")
    assert (record.last_status, record.last_run_at) == (JobStatus.FAILED, now)
    assert "RuntimeError: the partner list is unreadable" in record.last_error
    assert db.session.scalar(sa.select(Team).where(Team.slug == "half-done")) is None  # its work undone
    # Tried again sooner than its hour, but not at once.
    assert {o.name: o.outcome for o in tick(now + timedelta(minutes=1), jobs)}["broken"] == Outcome.NOT_DUE
    assert {o.name: o.outcome for o in tick(now + timedelta(minutes=5), jobs)}["broken"] == Outcome.FAILED


def test_a_job_that_succeeds_again_clears_its_error(app):
    calls = []

    def flaky(now):
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("not yet")
        return 2

    jobs = (Job("flaky", every=timedelta(minutes=1), run=flaky),)
    now = utcnow()
    tick(now, jobs)
    [outcome] = tick(now + timedelta(minutes=1), jobs)
    assert (outcome.outcome, outcome.count) == (Outcome.RAN, 2)
    record = job_run("flaky")
    assert (record.last_status, record.last_error) == (JobStatus.OK, None)


def test_a_failed_job_makes_the_command_exit_with_an_error(runner, monkeypatch):
    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setattr(registry, "JOBS", (Job("broken", every=timedelta(hours=1), run=broken), *registry.JOBS))
    result = runner.invoke(args=["booking", "tick"])
    assert result.exit_code == 1
    assert "broken: failed: RuntimeError: boom" in result.output
    assert "reminders: ran" in result.output


def test_now_without_an_offset_is_utc_and_nonsense_is_refused(runner, tick_at):
    assert runner.invoke(args=["booking", "tick", "--now", "2031-05-04T10:00:00"]).exit_code == 0
    assert job_run("reminders").last_run_at == datetime(2031, 5, 4, 10, tzinfo=UTC)
    result = runner.invoke(args=["booking", "tick", "--now", "next tuesday"])
    assert result.exit_code == 2
    assert "not an ISO 8601 date and time" in result.output


def test_a_database_out_of_reach_is_one_clear_line(runner):
    db.session.execute(sa.text("DROP TABLE job_runs"))  # as good as a database that cannot answer
    db.session.commit()
    result = runner.invoke(args=["booking", "tick"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: database error:")


def test_a_job_must_wait_some_time_between_runs():
    with pytest.raises(ValueError, match="must be positive"):
        Job("eager", every=timedelta(0), run=lambda now: 0)
