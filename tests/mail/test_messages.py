"""What each email says, in the person's language, and headers nobody can inject into."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale

from booking.extensions import db
from booking.mail.messages import duration
from booking.mail.outbox import MessageKind, enqueue, enqueue_for_registration
from booking.services import bookings
from tests.mail.mime_checks import PLAIN_STRUCTURE, invite_of, structure, texts

PARIS = ZoneInfo("Europe/Paris")
DECEMBER_EVENING = datetime(2027, 12, 3, 18, 30, tzinfo=PARIS)


@pytest.mark.parametrize(("locale", "month", "hour"), [("fr", "décembre", "18\u00a0h\u00a030"), ("en", "December", "6:30")])
def test_emails_speak_the_registration_s_language(make, mailbox, send_mail, locale, month, hour):
    session = make.session(starts_at=DECEMBER_EVENING)
    registration = make.registration(session, email="p@example.org", locale=locale)
    send_mail()
    [message] = mailbox.to("p@example.org")
    assert message["Content-Language"] == locale
    plain, html = texts(message)
    assert month in plain and hour in plain and month in html
    assert f'lang="{locale}"' in html
    assert f"http://guichet.test/r/{registration.manage_token}" in plain


def test_organiser_message_carries_its_subject_and_escaped_body(make, mailbox, send_mail):
    registration = make.registration(make.session(), email="p@example.org", locale="en")
    enqueue_for_registration(MessageKind.ORGANISER_MESSAGE, registration, subject="Room change",
                             body="We moved to room B.\n\n<b>Bring</b> a coat & boots.")
    db.session.commit()
    send_mail()
    _, message = mailbox.to("p@example.org")
    assert message["Subject"] == f"Room change ({registration.session.event.title})"
    assert structure(message) == PLAIN_STRUCTURE
    plain, html = texts(message)
    assert "<b>Bring</b> a coat & boots." in plain
    assert "&lt;b&gt;Bring&lt;/b&gt; a coat &amp; boots." in html and "<b>Bring" not in html


def test_password_reset_email_holds_the_link(make, mailbox, send_mail):
    enqueue(MessageKind.PASSWORD_RESET, "ann@example.org", "en", reset_url="http://guichet.test/reset/abc123",
            name="Ann", welcome=False, valid_hours=1)
    db.session.commit()
    send_mail()
    [message] = mailbox.to("ann@example.org")
    assert message["To"].addresses[0].display_name == "Ann"
    assert message["Subject"] == "Choose a new password for Guichet"
    plain, html = texts(message)
    assert "http://guichet.test/reset/abc123" in plain and 'href="http://guichet.test/reset/abc123"' in html
    assert "for 1 hour." in plain and "did not ask" in plain


def test_welcome_and_address_confirmation_emails(make, mailbox, send_mail):
    enqueue(MessageKind.PASSWORD_RESET, "new@example.org", "en", reset_url="http://guichet.test/reset/w",
            name="New", welcome=True, valid_hours=168)
    enqueue(MessageKind.VERIFY_EMAIL, "citizen@example.org", "fr", verify_url="http://guichet.test/verify/v",
            name="Zoé")
    db.session.commit()
    assert "Sent 2" in send_mail()
    [welcome] = mailbox.to("new@example.org")
    assert welcome["Subject"] == "Your Guichet account: choose your password"
    plain, _ = texts(welcome)
    assert "for 168 hours." in plain and "did not ask" not in plain
    [verify] = mailbox.to("citizen@example.org")
    plain, html = texts(verify)
    assert "http://guichet.test/verify/v" in plain and 'href="http://guichet.test/verify/v"' in html


def test_every_kind_renders_text_and_html(make, mailbox, send_mail):
    registration = make.registration(make.session(), email="p@example.org")
    for kind in (MessageKind.REMINDER, MessageKind.WAITLISTED, MessageKind.RESCHEDULED, MessageKind.SEATS_CHANGED):
        enqueue_for_registration(kind, registration, waitlist_position=1)
    db.session.commit()
    assert "Sent 5" in send_mail()
    for message in mailbox.to("p@example.org"):
        plain, html = texts(message)
        assert plain.strip() and html.strip().startswith("<!doctype html>")


def test_a_change_of_seats_is_told_with_an_updated_invite(make, mailbox, send_mail):
    registration = make.registration(make.session(capacity=5), email="p@example.org", seats=1, locale="fr")
    send_mail()
    bookings.change_seats(registration.id, 3)
    db.session.commit()
    send_mail()

    confirmation, changed = mailbox.to("p@example.org")
    assert changed["Subject"].startswith("Réservation modifiée")
    plain, _ = texts(changed)
    assert "Votre réservation a changé" in plain and "3 places" in plain
    (_, first_ics), (calendar, event_ics) = invite_of(confirmation), invite_of(changed)
    assert calendar["METHOD"] == "REQUEST" and event_ics["UID"] == first_ics["UID"]
    assert int(event_ics["SEQUENCE"]) > int(first_ics["SEQUENCE"])


HOSTILE_NAMES = [
    "Eve\r\nBcc: victim@example.org",
    "Eve\nSubject: forged",
    'Dupont, "Marie"; <admin@example.org>',
    "مريم 王芳 🎭",
    "x" * 120,
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_never_inject_headers(make, mailbox, send_mail, name):
    event = make.event(title="Atelier\r\nBcc: victim@example.org\r\nX-Evil: 1 " + "é" * 150)
    make.registration(make.session(event=event), name=name, email="p@example.org")
    send_mail()
    [(_, rcpts, message)] = mailbox.received
    assert rcpts == ["p@example.org"]
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert len(message.get_all("Subject")) == 1 and len(message.get_all("To")) == 1
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    [address] = message["To"].addresses
    assert address.addr_spec == "p@example.org"
    assert address.display_name == re.sub(r"[\r\n]+", " ", name)[:120]
    _, event_ics = invite_of(message)
    assert "\n" not in event_ics["ATTENDEE"].params["CN"]


def test_html_part_escapes_names_and_titles(make, mailbox, send_mail):
    event = make.event(title="<script>alert(1)</script> & co")
    make.registration(make.session(event=event), name="<img src=x onerror=alert(1)>", email="p@example.org")
    send_mail()
    [message] = mailbox.messages
    _, html = texts(message)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_the_invite_rings_a_day_before_and_its_cancel_carries_no_alarm(make, mailbox, send_mail):
    registration = make.registration(make.session(event=make.event(title="Visite du port")), email="p@example.org",
                                     locale="fr")
    send_mail()
    bookings.cancel(registration.id)
    db.session.commit()
    send_mail()

    confirmation, cancellation = mailbox.to("p@example.org")
    (_, invite), (calendar, withdrawn) = invite_of(confirmation), invite_of(cancellation)
    [alarm] = invite.walk("VALARM")
    assert alarm["TRIGGER"].dt.total_seconds() == -24 * 3600
    assert alarm["DESCRIPTION"] == "Demain\u00a0: Visite du port"
    assert calendar["METHOD"] == "CANCEL" and not withdrawn.walk("VALARM")


def test_the_confirmation_carries_the_practical_details_in_both_parts(make, mailbox, send_mail):
    venue = make.venue(name="La Citadelle", city="Marseille", accessibility_notes="Entrée de plain-pied par la porte B.")
    event = make.event(title="Visite du fort", venue=venue, team=make.team("Laboratoire des publics"),
                       audience_notes="Chaussures de marche conseillées.")
    make.registration(make.session(event=event, starts_at=DECEMBER_EVENING,
                                   ends_at=DECEMBER_EVENING + timedelta(hours=1, minutes=30)), email="p@example.org", locale="fr")
    send_mail()

    [message] = mailbox.to("p@example.org")
    plain, html = texts(message)
    for part in (plain, html):
        assert "1\u00a0h\u00a030" in part  # the duration
        assert "Bon à savoir\u00a0: Chaussures de marche conseillées." in part.replace("</strong>", "")
        assert "Accès\u00a0: Entrée de plain-pied par la porte B." in part.replace("</strong>", "")
        assert "Laboratoire des publics" in part
        assert "ouvrez le fichier joint à cet e-mail" in part


def test_the_html_email_has_a_simple_accessible_layout(make, mailbox, send_mail):
    registration = make.registration(make.session(), email="p@example.org", locale="fr")
    send_mail()

    [message] = mailbox.to("p@example.org")
    _, html = texts(message)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<meta name="color-scheme" content="light dark">' in html and "prefers-color-scheme: dark" in html
    assert "font-family:-apple-system" in html and "sans-serif" in html  # the system font, inline
    assert "max-width:560px" in html and 'width="100%"' in html  # fluid down to 320 px
    # One large button, to the booking; every layout table says it is only layout.
    manage = f"http://guichet.test/r/{registration.manage_token}"
    assert html.count(f'href="{manage}"') == 1
    assert re.search(rf'<a href="{re.escape(manage)}" style="display:block;padding:14px', html)
    assert html.count("<table") == html.count('<table role="presentation"')


@pytest.mark.parametrize(("minutes", "said"), [(45, "45 minutes"), (60, "1 heure"), (120, "2 heures"),
                                               (90, "1\u00a0h\u00a030"), (125, "2\u00a0h\u00a005")])
def test_a_duration_is_said_in_words(app, minutes, said):
    with app.test_request_context(), force_locale("fr"):
        assert duration(timedelta(minutes=minutes)) == said


def test_the_confirmation_names_the_team_s_contact_address_once_it_has_one(make, mailbox, send_mail):
    team = make.team("Laboratoire des publics")
    team.contact_email = "labo@guichet.example"
    event = make.event(title="Visite du fort", team=team)
    make.registration(make.session(event=event, starts_at=DECEMBER_EVENING), email="p@example.org", locale="fr")
    make.registration(make.session(event=make.event(team=make.team("Sans adresse"))), email="q@example.org",
                      locale="fr")
    send_mail()

    [with_contact] = mailbox.to("p@example.org")
    [without] = mailbox.to("q@example.org")
    for part in texts(with_contact):
        assert "Une question\u00a0?" in part and "labo@guichet.example" in part
    for part in texts(without):
        assert "Une question" not in part and "Organisé par\u00a0:" in part.replace("</strong>", "")


def test_the_confirmation_names_wheelchair_spaces_and_needs_in_the_persons_language(make, mailbox, send_mail):
    session = make.session(wheelchair_spaces=2)
    make.registration(session, seats=3, wheelchair_spaces=1, access_needs=("sign_language", "induction_loop"),
                      email="p@example.org", locale="fr")
    make.registration(session, email="e@example.org", access_needs=("large_print",), locale="en")
    send_mail()

    [french] = mailbox.to("p@example.org")
    for part in texts(french):
        part = part.replace("</strong>", "")
        assert "dont 1 place pour fauteuil roulant" in part
        # Stored as codes, named in the person's language, in the form's order.
        assert "Vos besoins d’accessibilité\u00a0: Langue des signes française (LSF), Boucle magnétique" in part
    [english] = mailbox.to("e@example.org")
    assert all("Your accessibility needs: Large print documents" in part.replace("</strong>", "")
               for part in texts(english))
    assert all("wheelchair" not in part for part in texts(english))
