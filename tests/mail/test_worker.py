"""The long-running worker: sends outside any database lock, sleeps when idle, stops cleanly."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from booking import settings
from booking.extensions import db
from booking.mail import worker
from booking.models import OutboxMessage, OutboxStatus
from booking.services import bookings

ROOT = Path(__file__).resolve().parents[2]


def test_sending_holds_no_database_lock(app, make, mailbox):
    """While the SMTP server is still taking a message, someone else can book (SQLite write lock free)."""
    session = make.session(capacity=5)
    make.registration(session, email="first@example.org")
    in_progress, release = threading.Event(), threading.Event()
    original = mailbox.handle_DATA

    async def slow_data(server, smtp_session, envelope):
        in_progress.set()
        while not release.is_set():
            await asyncio.sleep(0.01)
        return await original(server, smtp_session, envelope)

    mailbox.handle_DATA = slow_data
    stop = threading.Event()

    def work():
        with app.app_context():
            worker.run(stop=stop, idle_seconds=0.05)

    thread = threading.Thread(target=work)
    thread.start()
    try:
        assert in_progress.wait(10)
        # Were the worker holding the write lock, this booking would wait for it, then be refused
        # (TryAgainLater): it is made, and committed, while the first email is still being taken.
        second = bookings.book(session.id, bookings.BookingRequest(name="B", email="second@example.org"),
                               key=settings.pseudonym_key())
        status = second.status  # read before the commit: reading after would open a transaction that holds the lock
        db.session.commit()
        assert status == "confirmed"
        assert not release.is_set() and mailbox.messages == []
    finally:
        release.set()
        until(lambda: len(mailbox.messages) == 2)
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert {m["To"].addresses[0].addr_spec for m in mailbox.messages} == {"first@example.org", "second@example.org"}


def until(condition, timeout: float = 10) -> None:
    """Wait for ``condition`` (a safety net against a hang: never an assertion on how long it took)."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_the_loop_keeps_delivering_until_stopped(app, make, mailbox):
    stop = threading.Event()

    def work():
        with app.app_context():
            worker.run(stop=stop, idle_seconds=0.05)

    thread = threading.Thread(target=work)
    thread.start()
    try:
        make.registration(make.session(), email="one@example.org")
        deadline = time.monotonic() + 10
        while not mailbox.to("one@example.org") and time.monotonic() < deadline:
            time.sleep(0.05)
        make.registration(make.session(), email="two@example.org")
        while not mailbox.to("two@example.org") and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert len(mailbox.messages) == 2


def test_the_command_stops_cleanly_on_sigterm(app, make, tmp_path):
    """`flask booking outbox send` as `make run` starts it: delivers, then exits 0 on SIGTERM."""
    make.registration(make.session(), email="marie@example.org")
    db.session.remove()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "GUICHET_INSTANCE_PATH": str(tmp_path / "instance"),
        "MAIL_BACKEND": "file",
        "MAIL_OUTBOX_DIR": str(tmp_path / "sent"),
        "PUBLIC_BASE_URL": "http://guichet.test",
    }
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "booking", "outbox", "send"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while not list((tmp_path / "sent").glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list((tmp_path / "sent").glob("*.eml")), "the worker sent nothing"
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "Sent 1" in output
    [row] = db.session.scalars(db.select(OutboxMessage)).all()
    assert row.status == OutboxStatus.SENT
