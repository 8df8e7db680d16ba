"""``booking worker``: delivers the outbox and runs the timed jobs, and a broken job never stops it."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from booking.database import read_only
from booking.extensions import db
from booking.jobs import registry
from booking.jobs import worker as jobs_worker
from booking.jobs.registry import Job
from booking.models import JobRun, JobStatus, OutboxMessage, OutboxStatus

ROOT = Path(__file__).resolve().parents[2]


def statuses() -> dict[str, str]:
    """Read, then end the transaction: on SQLite the worker needs the write lock meanwhile."""
    db.session.expire_all()
    with read_only():
        found = dict(db.session.execute(sa.select(OutboxMessage.kind, OutboxMessage.status)).all())
        db.session.rollback()
    return found


def run_worker_until(app, condition, timeout: float = 20) -> None:
    """Run the worker loop in a thread until ``condition()`` holds (checked from here), then stop it."""
    stop = threading.Event()

    def work():
        with app.app_context():
            jobs_worker.run(stop=stop, idle_seconds=0.05)
            db.session.remove()

    thread = threading.Thread(target=work)
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(20)
    assert not thread.is_alive()


def test_the_worker_sends_the_reminders_its_tick_queued(app, make):
    make.registration(make.session(starts_in=timedelta(hours=3)), email="camille@example.org")

    run_worker_until(app, lambda: statuses().get("reminder") == OutboxStatus.SENT)

    assert statuses() == {"booking_confirmed": OutboxStatus.SENT, "reminder": OutboxStatus.SENT}
    assert db.session.get(JobRun, "reminders").last_status == JobStatus.OK


def test_a_failing_job_does_not_stop_the_worker_nor_the_emails(app, make, monkeypatch):
    def broken(now):
        raise RuntimeError("the partner list is unreadable")

    monkeypatch.setattr(registry, "JOBS", (Job("broken", every=timedelta(hours=1), run=broken), *registry.JOBS))
    make.registration(make.session(starts_in=timedelta(hours=3)))

    run_worker_until(app, lambda: statuses().get("reminder") == OutboxStatus.SENT)

    assert statuses() == {"booking_confirmed": OutboxStatus.SENT, "reminder": OutboxStatus.SENT}
    assert db.session.get(JobRun, "broken").last_status == JobStatus.FAILED


def test_the_command_runs_jobs_sends_and_stops_cleanly_on_sigterm(app, make, tmp_path):
    """`flask booking worker` as `make run` and the deployment start it."""
    make.registration(make.session(starts_in=timedelta(hours=3)), email="marie@example.org")
    db.session.remove()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "GUICHET_INSTANCE_PATH": str(tmp_path / "instance"),
        "MAIL_BACKEND": "file",
        "MAIL_OUTBOX_DIR": str(tmp_path / "sent"),
        "PUBLIC_BASE_URL": "http://guichet.test",
    }
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "booking", "worker"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while len(list((tmp_path / "sent").glob("*.eml"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert len(list((tmp_path / "sent").glob("*.eml"))) == 2, output  # the confirmation and the reminder
    assert "reminders: ran, 1 reminder(s) queued." in output
    assert statuses() == {"booking_confirmed": OutboxStatus.SENT, "reminder": OutboxStatus.SENT}
