"""The real worker against a real SMTP server: the right people get the right emails, once."""

import email
from datetime import UTC, datetime, timedelta
from email.policy import default
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from booking.extensions import db
from booking.mail.delivery import deliver_due
from booking.mail.outbox import enqueue
from booking.models import OutboxMessage, OutboxStatus, utcnow
from booking.services import bookings
from tests.mail.mime_checks import PLAIN_STRUCTURE, invite_of, structure, texts

PARIS = ZoneInfo("Europe/Paris")
SENDER = "billetterie@guichet.example"


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_booking_confirmation_reaches_the_person_with_an_invitation(make, mailbox, send_mail):
    registration = make.registration(make.session(), name="Marie Dupont", email="marie@example.org")
    output = send_mail()
    assert "Sent 1" in output
    [(mail_from, rcpts, message)] = mailbox.received
    assert mail_from == SENDER and rcpts == ["marie@example.org"]
    assert message["From"] == f"Guichet <{SENDER}>"
    assert message["To"].addresses[0].addr_spec == "marie@example.org"
    assert message["To"].addresses[0].display_name == "Marie Dupont"
    assert message["Subject"] == f"Booking confirmed: {registration.session.event.title}"
    calendar, event = invite_of(message)
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == f"registration-{registration.id}@guichet.test"
    assert event["ORGANIZER"] == f"mailto:{SENDER}"
    assert event["ATTENDEE"] == "mailto:marie@example.org"
    assert event["ATTENDEE"].params["CN"] == "Marie Dupont"
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert event["LOCATION"] == "Commune Image, 8 rue Godillot, Saint-Ouen"
    manage = f"http://guichet.test/r/{registration.manage_token}"
    assert event["URL"] == manage
    plain, html = texts(message)
    assert manage in plain and f'href="{manage}"' in html
    [row] = outbox()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 1, None)
    assert row.sent_at is not None and row.claimed_until is None


def test_waiting_list_email_gives_the_position_and_no_invite(make, mailbox, send_mail):
    session = make.session(capacity=1)
    make.registration(session)
    make.registration(session, email="second@example.org")
    waiting = make.registration(session, email="third@example.org")
    send_mail()
    [message] = mailbox.to(waiting.email)
    assert structure(message) == PLAIN_STRUCTURE
    plain, html = texts(message)
    assert "position 2" in plain and "position 2" in html
    assert f"http://guichet.test/r/{waiting.manage_token}" in plain


def test_cancelling_sends_a_cancel_matching_the_request_and_promotes_with_an_invite(make, mailbox, send_mail):
    session = make.session(capacity=1)
    booked = make.registration(session, email="booked@example.org")
    waiting = make.registration(session, email="waiting@example.org")
    send_mail()
    bookings.cancel(booked.id)
    db.session.commit()
    send_mail()
    request_mail, cancel_mail = mailbox.to("booked@example.org")
    _, request = invite_of(request_mail)
    calendar, cancel = invite_of(cancel_mail)
    assert calendar["METHOD"] == "CANCEL"
    assert cancel["UID"] == request["UID"]
    assert cancel["SEQUENCE"] > request["SEQUENCE"]
    assert cancel["STATUS"] == "CANCELLED"
    assert cancel["ORGANIZER"] == request["ORGANIZER"]
    waitlisted_mail, promoted_mail = mailbox.to("waiting@example.org")
    assert structure(waitlisted_mail) == PLAIN_STRUCTURE
    calendar, promoted = invite_of(promoted_mail)
    assert calendar["METHOD"] == "REQUEST"
    assert promoted["UID"] == f"registration-{waiting.id}@guichet.test"


def test_leaving_the_waiting_list_sends_no_cancel(make, mailbox, send_mail):
    session = make.session(capacity=1)
    make.registration(session)
    waiting = make.registration(session, email="waiting@example.org")
    bookings.cancel(waiting.id)
    db.session.commit()
    send_mail()
    _, left = mailbox.to("waiting@example.org")
    assert structure(left) == PLAIN_STRUCTURE
    assert "left the waiting list" in texts(left)[0]


def test_reschedule_updates_the_invite_and_tells_those_waiting(make, mailbox, send_mail):
    session = make.session(capacity=1, starts_at=datetime(2027, 10, 30, 14, 30, tzinfo=PARIS))
    booked = make.registration(session, email="booked@example.org")
    make.registration(session, email="waiting@example.org")
    send_mail()
    new_start = datetime(2027, 11, 6, 14, 30, tzinfo=PARIS)  # after the clock change
    bookings.reschedule(session.id, new_start, new_start + timedelta(hours=2))
    db.session.commit()
    send_mail()
    first, update = mailbox.to("booked@example.org")
    _, original = invite_of(first)
    calendar, moved = invite_of(update)
    assert calendar["METHOD"] == "REQUEST"
    assert moved["UID"] == original["UID"] == f"registration-{booked.id}@guichet.test"
    assert moved["SEQUENCE"] == original["SEQUENCE"] + 1
    assert original["DTSTART"].dt == datetime(2027, 10, 30, 12, 30, tzinfo=UTC)
    assert moved["DTSTART"].dt == datetime(2027, 11, 6, 13, 30, tzinfo=UTC)
    _, note = mailbox.to("waiting@example.org")
    assert structure(note) == PLAIN_STRUCTURE
    assert note["Subject"].startswith("Change of date or place")


def test_session_cancelled_cancels_invites_and_tells_those_waiting(make, mailbox, send_mail):
    session = make.session(capacity=1)
    booked = make.registration(session, email="booked@example.org")
    make.registration(session, email="waiting@example.org")
    bookings.cancel_session(session.id)
    db.session.commit()
    send_mail()
    _, cancelled = mailbox.to("booked@example.org")
    calendar, event = invite_of(cancelled)
    assert calendar["METHOD"] == "CANCEL"
    assert event["UID"] == f"registration-{booked.id}@guichet.test" and event["SEQUENCE"] == 1
    _, note = mailbox.to("waiting@example.org")
    assert structure(note) == PLAIN_STRUCTURE
    assert note["Subject"].startswith("Session cancelled")


def test_with_the_server_down_nothing_is_lost_and_delivery_resumes(make, smtp_server, mailbox):
    registration = make.registration(make.session(), email="marie@example.org")
    smtp_server.stop()
    before = utcnow()
    report = deliver_due()
    assert (report.sent, report.retrying) == (0, 1)
    [row] = outbox()
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert "cannot reach" in row.last_error
    assert before + timedelta(seconds=59) < row.next_attempt_at < utcnow() + timedelta(seconds=61)
    assert deliver_due().handled == 0  # not due again yet

    later = utcnow() + timedelta(minutes=2)
    deliver_due(now=later)  # still down: the second wait is twice as long
    [row] = outbox()
    assert row.attempts == 2 and later + timedelta(seconds=119) < row.next_attempt_at

    smtp_server.start()
    report = deliver_due(now=later + timedelta(minutes=5))
    assert report.sent == 1
    assert deliver_due(now=later + timedelta(hours=1)).handled == 0
    [message] = mailbox.to(registration.email)
    invite_of(message)
    [row] = outbox()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 3)


def test_a_refused_recipient_fails_at_once_without_retrying(make, mailbox):
    mailbox.refuse["nobody@example.org"] = "550 5.1.1 No such user"
    make.registration(make.session(), email="nobody@example.org")
    report = deliver_due()
    assert report.failed == 1
    [row] = outbox()
    assert row.status == OutboxStatus.FAILED and "550" in row.last_error


def test_a_message_is_given_up_after_the_last_attempt(app, make, smtp_server):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    make.registration(make.session())
    smtp_server.stop()
    now = utcnow()
    for hour in range(3):
        deliver_due(now=now + timedelta(hours=hour * 10))
    [row] = outbox()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)
    assert deliver_due(now=now + timedelta(days=30)).handled == 0


def test_a_claim_left_by_a_crashed_worker_is_retried_after_it_runs_out(make, mailbox):
    registration = make.registration(make.session())
    [row] = outbox()
    row.status, row.attempts, row.claimed_until = OutboxStatus.SENDING, 1, utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert deliver_due().handled == 0  # another worker may still be sending it
    report = deliver_due(now=utcnow() + timedelta(minutes=6))
    assert report.sent == 1
    assert len(mailbox.to(registration.email)) == 1
    assert outbox()[0].attempts == 2


def test_the_file_backend_writes_eml_files(app, make, tmp_path, mailbox):
    app.config["MAIL_BACKEND"] = "file"
    make.registration(make.session(), email="marie@example.org")
    assert deliver_due().sent == 1
    [path] = list((tmp_path / "outbox").glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert message["To"].addresses[0].addr_spec == "marie@example.org"
    invite_of(message)
    assert mailbox.messages == []


def test_a_message_of_an_unknown_kind_fails_at_once(make, mailbox):
    enqueue("no_such_kind", "p@example.org", "fr")
    db.session.commit()
    assert deliver_due().failed == 1
    [row] = outbox()
    assert row.status == OutboxStatus.FAILED and "unknown message kind" in row.last_error
