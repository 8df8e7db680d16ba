"""A booking made in the easy-to-read mode gets easy-to-read emails (issue 20); other bookings keep the usual ones."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from booking.services import bookings
from tests.mail.mime_checks import invite_of, texts

PARIS = ZoneInfo("Europe/Paris")
SATURDAY_AFTERNOON = datetime(2030, 12, 14, 14, 0, tzinfo=PARIS)


def session_on_saturday(make, **fields):
    venue = make.venue(name="La Citadelle", address="Boulevard Charles Livon", city="Marseille",
                       accessibility_notes="Entrée par la porte B.")
    return make.session(event=make.event(title="Visite du fort", venue=venue), starts_at=SATURDAY_AFTERNOON,
                        ends_at=SATURDAY_AFTERNOON + timedelta(hours=2), **fields)


def test_the_confirmation_is_easy_to_read_in_french_with_its_invite(make, mailbox, send_mail):
    make.registration(session_on_saturday(make), seats=2, email="p@example.org", locale="fr", easy_read=True)
    send_mail()

    [message] = mailbox.to("p@example.org")
    assert message["Subject"] == "Votre réservation est faite\u00a0: Visite du fort"
    plain, html = texts(message)
    for part in (plain, html):
        assert "Date\u00a0: samedi 14 décembre." in part
        assert "Heure\u00a0: de 14\u00a0heures à 16\u00a0heures." in part
        assert "Vous avez 2 places." in part
        assert "Accès\u00a0: Entrée par la porte B." in part
        assert "C’est gratuit." in part
    assert invite_of(message) is not None  # the calendar invite comes with it, as with every confirmation


def test_the_waiting_list_email_is_easy_to_read_in_english(make, mailbox, send_mail):
    session = session_on_saturday(make, capacity=1, waitlist_enabled=True)
    make.registration(session, email="first@example.org")
    make.registration(session, email="p@example.org", easy_read=True)
    send_mail()

    [message] = mailbox.to("p@example.org")
    assert message["Subject"] == "You are on the waiting list: Visite du fort"
    plain, _html = texts(message)
    assert "It is full. You are on the waiting list." in plain
    assert "Date: Saturday 14 December." in plain and "Time: from 2\u00a0pm to 4\u00a0pm." in plain
    assert "You asked for 1 place." in plain


def test_a_promotion_is_told_in_easy_words(make, mailbox, send_mail):
    session = session_on_saturday(make, capacity=1, waitlist_enabled=True)
    first = make.registration(session, email="first@example.org")
    make.registration(session, email="p@example.org", easy_read=True)
    bookings.cancel(first.id)
    from booking.extensions import db
    db.session.commit()
    send_mail()

    subjects = [m["Subject"] for m in mailbox.to("p@example.org")]
    assert "You have a place: Visite du fort" in subjects
    promoted = next(m for m in mailbox.to("p@example.org") if m["Subject"].startswith("You have"))
    assert "Good news! A place is free for you." in texts(promoted)[0]


def test_a_promotion_of_a_party_says_places_in_the_plural(make, mailbox, send_mail):
    session = session_on_saturday(make, capacity=3, waitlist_enabled=True)
    first = make.registration(session, seats=3, email="first@example.org")
    make.registration(session, seats=3, email="p@example.org", locale="fr", easy_read=True)
    bookings.cancel(first.id)
    from booking.extensions import db
    db.session.commit()
    send_mail()

    promoted = next(m for m in mailbox.to("p@example.org") if m["Subject"].startswith("Vous avez"))
    assert promoted["Subject"] == "Vous avez 3 places\u00a0: Visite du fort"
    for part in texts(promoted):
        assert "Bonne nouvelle\u00a0! 3 places sont libres pour vous." in part


def test_a_booking_made_outside_the_mode_keeps_the_usual_email(make, mailbox, send_mail):
    make.registration(session_on_saturday(make), email="p@example.org")
    send_mail()

    [message] = mailbox.to("p@example.org")
    assert message["Subject"] == "Booking confirmed: Visite du fort"
    assert "It is free." not in texts(message)[0]
