"""The emails of reconfirm or release and of offers: their buttons, the deadline in the site's time zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking.extensions import db
from booking.models import Registration, utcnow
from booking.services import bookings
from booking.services.bookings import no_shows, reconfirmation
from tests.mail.mime_checks import invite_of, texts

PARIS = ZoneInfo("Europe/Paris")
DECEMBER_EVENING = datetime(2027, 12, 3, 18, 30, tzinfo=PARIS)


@pytest.mark.parametrize(("locale", "question", "deadline"), [
    ("en", "Are you still coming?", "Thursday, December 2, 2027 at 6:30"),
    ("fr", "Venez-vous toujours\u202f?", "jeudi 2 décembre 2027 à 18\u00a0h\u00a030"),
])
def test_the_question_links_to_pages_that_ask_before_acting(make, mailbox, send_mail, locale, question, deadline):
    session = make.session(starts_at=DECEMBER_EVENING, reconfirm_days_before=7)
    registration = make.registration(session, email="p@example.org", locale=locale)
    reconfirmation.ask_due(DECEMBER_EVENING - timedelta(days=6))
    db.session.commit()
    send_mail()
    message = mailbox.to("p@example.org")[-1]
    plain, html = texts(message)
    assert question in message["Subject"]
    token = registration.manage_token
    for part in (plain, html):
        assert f"http://guichet.test/r/{token}/reconfirm" in part
        assert f"http://guichet.test/r/{token}/cancel" in part
        assert deadline in part


def test_an_offer_names_its_deadline_and_its_two_buttons(make, mailbox, send_mail):
    session = make.session(starts_at=DECEMBER_EVENING, capacity=1, offer_hours=6)
    booked = make.registration(session, email="first@example.org")
    waiting = make.registration(session, email="p@example.org")
    bookings.cancel(booked.id, now=datetime(2027, 12, 1, 9, 0, tzinfo=PARIS))
    db.session.commit()
    send_mail()
    message = mailbox.to("p@example.org")[-1]
    plain, html = texts(message)
    assert "until Wednesday, December 1, 2027 at 3:00" in message["Subject"]
    for part in (plain, html):
        assert f"/r/{waiting.manage_token}/accept" in part and f"/r/{waiting.manage_token}/decline" in part


def test_a_released_person_is_told_kindly_with_a_link_to_book_again_and_a_calendar_cancel(make, mailbox, send_mail):
    session = make.session(starts_at=DECEMBER_EVENING, capacity=4, reconfirm_days_before=3)
    make.registration(session, email="p@example.org", now=DECEMBER_EVENING - timedelta(days=10))
    reconfirmation.ask_due(DECEMBER_EVENING - timedelta(days=3))
    reconfirmation.release_due(DECEMBER_EVENING - timedelta(hours=20))
    db.session.commit()
    send_mail()
    message = mailbox.to("p@example.org")[-1]
    plain, _html = texts(message)
    assert "given your seats to people who were waiting" in plain
    assert f"http://guichet.test/sessions/{session.id}/book" in plain
    calendar, _event = invite_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"


def test_a_person_who_missed_two_sessions_gets_a_gentle_note_with_the_next_booking_only(make, mailbox, send_mail):
    for _ in range(2):
        past = make.session(starts_in=timedelta(days=-3))
        make.registration(past, email="p@example.org", now=utcnow() - timedelta(days=10))
        no_shows.mark_no_shows(past.id)
        db.session.commit()
    make.registration(make.session(), email="p@example.org")
    make.registration(make.session(), email="p@example.org")
    send_mail()
    confirmations = [m for m in mailbox.to("p@example.org") if "confirmed" in m["Subject"]]
    notes = ["A gentle word: 2 sessions you booked went by without you" in texts(m)[0] for m in confirmations]
    assert notes == [False, False, True, False]
    assert db.session.query(Registration).filter(Registration.no_show_at.is_not(None)).count() == 2


def test_the_reminder_asks_again_with_the_same_buttons(make, mailbox, send_mail):
    session = make.session(starts_at=DECEMBER_EVENING, reconfirm_days_before=7)
    registration = make.registration(session, email="p@example.org", now=DECEMBER_EVENING - timedelta(days=30))
    reconfirmation.ask_due(DECEMBER_EVENING - timedelta(days=7))
    reconfirmation.remind_due(DECEMBER_EVENING - timedelta(days=3))
    db.session.commit()
    send_mail()
    message = mailbox.to("p@example.org")[-1]
    plain, html = texts(message)
    assert message["Subject"].startswith("Reminder: are you still coming?")
    for part in (plain, html):
        assert "we have not heard from you" in part
        assert f"/r/{registration.manage_token}/reconfirm" in part
