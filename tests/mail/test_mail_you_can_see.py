"""Mail you can see: retries as the settings say, admins see and retry what failed, organisers see who missed it."""

import re
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.mail.delivery import deliver_due
from booking.models import OutboxMessage, OutboxStatus, utcnow
from booking.services import bookings
from tests.auth import sign_in_as
from tests.statements import recorded_statements

RETRY_SECONDS = 30


@pytest.fixture
def app_config(smtp_server):
    return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_TIMEOUT": 5,
            "MAIL_RETRY_SECONDS": RETRY_SECONDS, "MAIL_MAX_ATTEMPTS": 3, "WTF_CSRF_ENABLED": True}


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def token_of(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


@pytest.fixture
def admin(client, make):
    sign_in_as(client, make.user("admin@example.org", role="admin"))
    return client


# -- Retries ---------------------------------------------------------------------------


def test_smtp_down_at_the_first_attempt_then_up_every_email_arrives_exactly_once(make, smtp_server, mailbox):
    session = make.session(capacity=3)
    people = [make.registration(session, email=f"person{n}@example.org") for n in range(5)]  # 3 booked, 2 waiting
    bookings.cancel(people[0].id)  # a cancellation, and the first waiting party promoted
    db.session.commit()
    smtp_server.stop()
    now = utcnow()

    report = deliver_due(now=now)

    written = len(rows())
    assert (report.sent, report.retrying, report.failed) == (0, written, 0)
    assert {(row.status, row.attempts, row.next_attempt_at) for row in rows()} == {
        (OutboxStatus.PENDING, 1, now + timedelta(seconds=RETRY_SECONDS))}  # MAIL_RETRY_SECONDS
    assert deliver_due(now=now + timedelta(seconds=RETRY_SECONDS - 1)).handled == 0

    smtp_server.start()
    assert deliver_due(now=now + timedelta(seconds=RETRY_SECONDS)).sent == written
    assert deliver_due(now=now + timedelta(hours=1)).handled == 0

    received = Counter((rcpt, message["Subject"]) for _, rcpts, message in mailbox.received for rcpt in rcpts)
    assert len(received) == written and set(received.values()) == {1}
    assert {row.status for row in rows()} == {OutboxStatus.SENT}


def test_an_email_is_given_up_after_mail_max_attempts(make, smtp_server):
    make.registration(make.session())
    smtp_server.stop()
    now = utcnow()
    deliver_due(now=now)
    deliver_due(now=now + timedelta(seconds=RETRY_SECONDS))  # the 2nd wait is twice as long
    [row] = rows()
    assert row.next_attempt_at == now + timedelta(seconds=RETRY_SECONDS * 3)
    deliver_due(now=row.next_attempt_at)
    [row] = rows()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)  # MAIL_MAX_ATTEMPTS


# -- The admins' page ------------------------------------------------------------------


def test_the_admin_page_lists_a_failed_email_with_its_error_but_not_its_links(admin, make, mailbox):
    mailbox.refuse["nobody@example.org"] = "550 5.1.1 No such user here"
    registration = make.registration(make.session(), email="nobody@example.org")
    make.registration(make.session(), email="fine@example.org")
    deliver_due()

    page = admin.get("/admin/mail").get_data(as_text=True)

    assert "nobody@example.org" in page and "5.1.1 No such user here" in page
    assert "Booking confirmed" in page and "Failed" in page
    assert "fine@example.org" not in page
    assert registration.manage_token not in page


def test_retrying_an_email_requeues_it_and_it_is_then_delivered(admin, make, mailbox):
    mailbox.refuse["nobody@example.org"] = "550 5.1.1 No such user here"
    make.registration(make.session(), email="nobody@example.org")
    deliver_due()
    [failed] = rows()
    assert failed.status == OutboxStatus.FAILED

    token = token_of(admin.get("/admin/mail").get_data(as_text=True))
    response = admin.post(f"/admin/mail/{failed.id}/retry", data={"csrf_token": token}, follow_redirects=True)

    assert "The email will be sent again in a moment." in response.get_data(as_text=True)
    [row] = rows()
    assert (row.status, row.attempts, row.claimed_until) == (OutboxStatus.PENDING, 0, None)
    assert "nobody@example.org" not in admin.get("/admin/mail").get_data(as_text=True)
    del mailbox.refuse["nobody@example.org"]  # the address was fixed on their side
    assert deliver_due().sent == 1
    assert len(mailbox.to("nobody@example.org")) == 1


def test_retry_needs_the_csrf_token(admin, make, mailbox):
    mailbox.refuse["nobody@example.org"] = "550 No such user"
    make.registration(make.session(), email="nobody@example.org")
    deliver_due()
    [failed] = rows()
    assert admin.post(f"/admin/mail/{failed.id}/retry").status_code == 400
    assert admin.post("/admin/mail/retry").status_code == 400
    assert rows()[0].status == OutboxStatus.FAILED


def test_overdue_emails_are_listed_with_a_word_about_the_worker_and_retry_all_takes_everything(admin, make, mailbox):
    mailbox.refuse["nobody@example.org"] = "550 No such user"
    make.registration(make.session(), email="nobody@example.org")
    deliver_due()
    make.registration(make.session(), email="late@example.org")  # never sent: no worker running
    [_, late] = rows()
    late.next_attempt_at = utcnow() - timedelta(minutes=20)
    make.registration(make.session(), email="fresh@example.org")  # just written: on its way, not a worry
    db.session.commit()

    page = admin.get("/admin/mail").get_data(as_text=True)

    assert "late@example.org" in page and "Overdue" in page and "fresh@example.org" not in page
    assert "1 email is waiting longer than planned: check that the worker is running" in page
    response = admin.post("/admin/mail/retry", data={"csrf_token": token_of(page)}, follow_redirects=True)
    assert "2 emails will be sent again in a moment." in response.get_data(as_text=True)
    assert [(row.recipient, row.status, row.attempts) for row in rows()] == [
        ("nobody@example.org", OutboxStatus.PENDING, 0), ("late@example.org", OutboxStatus.PENDING, 0),
        ("fresh@example.org", OutboxStatus.PENDING, 0)]
    assert "Nothing to worry about" in admin.get("/admin/mail").get_data(as_text=True)


def test_retrying_an_email_already_sent_changes_nothing(admin, make):
    make.registration(make.session())
    deliver_due()
    [sent] = rows()
    token = token_of(admin.get("/admin/mail").get_data(as_text=True))
    response = admin.post(f"/admin/mail/{sent.id}/retry", data={"csrf_token": token}, follow_redirects=True)
    assert "not waiting to be sent again" in response.get_data(as_text=True)
    assert rows()[0].status == OutboxStatus.SENT
    assert admin.post("/admin/mail/999999/retry", data={"csrf_token": token}).status_code == 302


def test_the_mail_page_is_for_admins_only(client, make):
    sign_in_as(client, make.user("orga@example.org", role="organiser"))
    assert client.get("/admin/mail").status_code == 403


# -- The organisers' attendee list -------------------------------------------------------


@pytest.fixture
def organiser_client(client, make):
    team = make.team("#UpConf")
    sign_in_as(client, make.user("alice@upconf.example", role="organiser", teams=[team]))
    return client, team


def attendee_entry(page: str, registration_id: int) -> str:
    return re.search(rf'id="reg-{registration_id}".*?</li>', page, re.S).group(0)


def test_the_attendee_list_flags_whoever_did_not_get_their_last_email(organiser_client, make, mailbox):
    client, team = organiser_client
    session = make.session(event=make.event(team=team))
    mailbox.refuse["typo@exmaple.org"] = "550 5.1.1 No such domain"
    missed = make.registration(session, email="typo@exmaple.org", name="Yann Typo")
    fine = make.registration(session, email="fine@example.org", name="Fanny Fine")
    deliver_due()

    page = client.get(f"/organiser/sessions/{session.id}/attendees").get_data(as_text=True)

    assert "Our last email to this address could not be delivered." in attendee_entry(page, missed.id)
    assert "Email not delivered" not in attendee_entry(page, fine.id)
    assert page.count("Email not delivered") == 1

    del mailbox.refuse["typo@exmaple.org"]  # a later email got through: no longer flagged
    bookings.change_seats(missed.id, 2)
    db.session.commit()
    deliver_due()
    page = client.get(f"/organiser/sessions/{session.id}/attendees").get_data(as_text=True)
    assert "Email not delivered" not in page


def count_statements(client, url: str) -> int:
    with recorded_statements() as ran:
        assert client.get(url).status_code == 200
    return len(ran)


def test_the_flags_cost_one_query_however_many_failed(organiser_client, make, mailbox):
    client, team = organiser_client
    session = make.session(event=make.event(team=team), capacity=20)
    url = f"/organiser/sessions/{session.id}/attendees"

    mailbox.refuse["bad0@example.org"] = "550 No such user"
    make.registration(session, email="bad0@example.org")
    deliver_due()
    one = count_statements(client, url)
    for n in range(1, 6):
        mailbox.refuse[f"bad{n}@example.org"] = "550 No such user"
        make.registration(session, email=f"bad{n}@example.org")
    deliver_due()
    six = count_statements(client, url)
    assert six == one
    assert client.get(url).get_data(as_text=True).count("Email not delivered") == 6
