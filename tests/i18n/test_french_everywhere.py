"""Dates, pages, form errors, emails and calendar files in French, and in English when asked."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import force_locale

from booking.extensions import db
from booking.mail.messages import Outgoing, compose
from booking.models import OutboxMessage
from booking.templating import format_local_datetime

SATURDAY = datetime(2026, 12, 12, 13, 30, tzinfo=UTC)  # 14 h 30 in Paris (UTC+1 in winter)


def test_dates_are_written_the_french_way_in_the_venue_time_zone(app):
    with app.test_request_context(), force_locale("fr"):
        assert format_local_datetime(SATURDAY, "Europe/Paris") == "samedi 12 décembre 2026 à 14\u00a0h\u00a030"
        assert format_local_datetime(SATURDAY, "America/Cayenne") == "samedi 12 décembre 2026 à 10\u00a0h\u00a030"


def test_dates_are_written_the_english_way_in_english(app):
    with app.test_request_context(), force_locale("en"):
        assert format_local_datetime(SATURDAY, "Europe/Paris") == "Saturday, December 12, 2026 at 2:30\u202fPM"


def test_the_booking_form_and_its_errors_speak_french(client, make):
    session = make.session()
    page = client.get(f"/sessions/{session.id}/book").get_data(as_text=True)
    assert "Votre adresse e-mail" in page and "J’accepte" in page
    refused = client.post(f"/sessions/{session.id}/book", data={"seats": "deux"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Votre réservation n’a pas pu aboutir" in html
    assert "Indiquez votre nom." in html
    assert "Indiquez le nombre de places en chiffres, par exemple 2." in html


def test_a_page_that_needs_signing_in_says_so_in_french(client):
    page = client.get("/organiser/", follow_redirects=True).get_data(as_text=True)
    assert "Veuillez vous connecter pour voir cette page." in page and "Please" not in page


def _email_for(registration) -> Outgoing:
    row = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.registration_id == registration.id)).one()
    return Outgoing(id=row.id, kind=row.kind, recipient=row.recipient, locale=row.locale, payload=row.payload,
                    created_at=row.created_at)


def test_a_booking_made_in_french_is_confirmed_by_email_in_french(app, make):
    registration = make.registration(make.session(starts_at=SATURDAY), seats=2, locale="fr")
    with app.test_request_context():
        email = compose(_email_for(registration))
    text = email.get_body(("plain",)).get_content()
    assert email["Subject"] == f"Réservation confirmée\u00a0: {registration.session.event.title}"
    assert "Votre réservation est confirmée." in text
    assert "samedi 12 décembre 2026" in text and "14\u00a0h\u00a030" in text


def test_a_booking_made_in_english_is_confirmed_by_email_in_english(app, make):
    registration = make.registration(make.session(starts_at=SATURDAY), locale="en")
    with app.test_request_context():
        email = compose(_email_for(registration))
    assert email["Subject"].startswith("Booking confirmed: ")
    assert "Your booking is confirmed." in email.get_body(("plain",)).get_content()


def test_the_booking_page_remembers_the_language_for_the_emails(client, make):
    session = make.session()
    form = {"name": "Ana Lopes", "email": "ana@example.org", "seats": "1", "consent": "y"}
    assert client.post(f"/sessions/{session.id}/book", data=form, headers={"Accept-Language": "en"}).status_code == 303
    assert db.session.scalars(sa.select(OutboxMessage.locale)).one() == "en"


def test_the_calendar_file_of_a_booking_speaks_french(client, make):
    registration = make.registration(make.session(), seats=2)
    ics = client.get(f"/r/{registration.manage_token}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "2 places réservées" in ics
