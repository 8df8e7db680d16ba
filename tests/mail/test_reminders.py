"""Reminders the day before: queued for confirmed bookings, never twice."""

from datetime import timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.mail.reminders import queue_reminders
from booking.models import OutboxMessage, Registration, utcnow
from booking.services import bookings


def reminders() -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "reminder")).all()


def test_reminders_go_to_confirmed_bookings_of_sessions_starting_within_a_day(make, mailbox, runner, send_mail):
    soon = make.session(capacity=1, starts_in=timedelta(hours=20))
    booked = make.registration(soon, email="booked@example.org")
    make.registration(soon, email="waiting@example.org")
    make.registration(make.session(starts_in=timedelta(hours=30)), email="later@example.org")
    cancelled = make.registration(make.session(starts_in=timedelta(hours=5)), email="gone@example.org")
    bookings.cancel(cancelled.id)
    dropped = make.session(starts_in=timedelta(hours=3))
    make.registration(dropped, email="dropped@example.org")
    bookings.cancel_session(dropped.id)
    db.session.commit()

    result = runner.invoke(args=["booking", "send-reminders"])
    assert result.exit_code == 0 and "Queued 1" in result.output
    [reminder] = reminders()
    assert reminder.recipient == "booked@example.org" and reminder.dedupe_key == f"reminder:{booked.id}"
    assert db.session.get(Registration, booked.id).reminder_sent_at is not None
    send_mail()
    [message] = [m for m in mailbox.to("booked@example.org") if m["Subject"].startswith("Reminder")]
    assert f"http://guichet.test/r/{booked.manage_token}" in message.get_body(("plain",)).get_content()


def test_reminders_are_never_queued_twice(make, runner):
    make.registration(make.session(starts_in=timedelta(hours=2)))
    assert "Queued 1" in runner.invoke(args=["booking", "send-reminders"]).output
    assert "Queued 0" in runner.invoke(args=["booking", "send-reminders"]).output
    assert len(reminders()) == 1


def test_the_dedupe_key_holds_even_if_the_mark_was_lost(make):
    registration = make.registration(make.session(starts_in=timedelta(hours=2)))
    assert queue_reminders() == 1
    db.session.commit()
    registration.reminder_sent_at = None  # e.g. restored from an older backup
    db.session.commit()
    assert queue_reminders() == 0
    db.session.commit()
    assert len(reminders()) == 1


def test_sessions_already_started_get_no_reminder(make):
    make.registration(make.session(starts_in=timedelta(hours=2)))
    assert queue_reminders(now=utcnow() + timedelta(hours=3)) == 0
