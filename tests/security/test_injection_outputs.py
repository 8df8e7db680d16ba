"""Hostile text in emails, calendar files and exports: escaped, on one line where it must be, never a formula."""

import csv
import email
import io
from email.policy import default
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa

from booking.calendar import feeds
from booking.extensions import db
from booking.mail.outbox import MessageKind
from booking.models import OutboxMessage
from booking.services import messages as organiser_messages_service
from booking.services.errors import ValidationFailed
from tests.auth import sign_in_as
from tests.calendar.parsing import physical_lines, property_names
from tests.security.hostile import ESCAPED_SCRIPT, PAYLOAD, assert_inert, build

CRLF_TITLE = "Atelier\r\nX-INJECTED:1\r\nATTENDEE:mailto:evil@example.org"
CRLF_TEXT = "Texte\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged@evil.example\r\nSUMMARY:Faux"
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"clic\")", "+33 6 00 00 00 00", "-2+3", "@SUM(A1)",
            "=cmd|' /C calc'!A0"]


@pytest.fixture
def hostile(make):
    return build(make)


def sent_emails(runner, app) -> list[email.message.EmailMessage]:
    """Every email of the outbox, delivered by the real worker to .eml files and read back."""
    result = runner.invoke(args=["booking", "outbox", "send", "--once"])
    assert result.exit_code == 0, result.output
    files = sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    return [email.message_from_bytes(path.read_bytes(), policy=default) for path in files]


def organiser_messages() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.kind == MessageKind.ORGANISER_MESSAGE))


def parts(message, subtype: str) -> list[str]:
    return [part.get_content() for part in message.walk() if part.get_content_type() == f"text/{subtype}"]


# -- Emails -----------------------------------------------------------------------------


def test_every_email_escapes_hostile_titles_and_names_in_its_html_part(app, runner, hostile):
    messages = sent_emails(runner, app)

    assert len(messages) >= 3  # confirmations, the waiting list, the group's confirmation
    for message in messages:
        [html] = parts(message, "html")
        assert_inert(html, message["Subject"])
        assert ESCAPED_SCRIPT in html
        [text] = parts(message, "plain")
        assert PAYLOAD in text  # the text part shows exactly what was typed


def test_every_email_keeps_its_headers_on_one_line(app, runner, make):
    event = make.event(title=CRLF_TITLE)
    make.registration(make.session(event=event), name="Eve\r\nBcc: victim@example.org", email="eve@example.org")

    [message] = sent_emails(runner, app)

    assert "\n" not in message["Subject"] and "X-INJECTED" in message["Subject"]
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert [a.addr_spec for a in message["To"].addresses] == ["eve@example.org"]


def test_an_organiser_message_with_a_hostile_body_is_escaped_in_html(app, runner, hostile):
    organiser_messages_service.send_message(hostile.session, "Changement de salle",
                                            "Venez " + PAYLOAD + "\n\n[x](javascript:1)", organiser_messages_service.AUDIENCES)
    db.session.commit()

    messages = [m for m in sent_emails(runner, app) if m["Subject"].startswith("Changement de salle")]

    assert messages
    for message in messages:
        [html] = parts(message, "html")
        assert_inert(html, "organiser message")
        assert "Venez &lt;script&gt;" in html


@pytest.mark.parametrize("subject", ["Salle\r\nBcc: victim@example.org", "Salle\nBcc: x@example.org", "Salle\rX: 1"])
def test_the_message_service_refuses_a_subject_with_a_line_break(hostile, subject):
    with pytest.raises(ValidationFailed) as refused:
        organiser_messages_service.send_message(hostile.session, subject, "Bonjour")

    assert "subject" in refused.value.fields
    db.session.rollback()
    assert organiser_messages() == 0


def test_the_message_form_refuses_a_subject_with_a_line_break(app, hostile):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in_as(client, hostile.organiser)

    response = client.post(f"/organiser/sessions/{hostile.session.id}/message",
                           data={"subject": "Salle\r\nBcc: victim@example.org", "body": "Bonjour", "send": "1",
                                 "audiences": ["booked", "waiting"]})

    assert "The subject must fit on one line." in response.text
    assert organiser_messages() == 0


# -- Calendars ----------------------------------------------------------------------------


@pytest.fixture
def crlf_booking(make):
    venue = make.venue(name="Salle\r\nLOCATION:ailleurs", address="1 rue\nGEO:0;0")
    event = make.event(venue=venue, title=CRLF_TITLE, description=CRLF_TEXT)
    session = make.session(event=event)
    registration = make.registration(session, name="Eve\r\nATTENDEE:mailto:evil@example.org", email="eve@example.org")
    return event, session, registration


def _calendar_files(client, session, registration) -> dict[str, bytes]:
    feed = feeds.get_or_create_feed(registration.email)
    db.session.commit()
    return {
        "session file": client.get(f"/calendar/sessions/{session.id}.ics").data,
        "public feed": client.get("/calendar/events.ics").data,
        "booking file": client.get(f"/r/{registration.manage_token}.ics").data,
        "personal feed": client.get(f"/calendar/feed/{feed.token}.ics").data,
    }


def test_calendar_files_keep_hostile_text_inside_its_properties(client, crlf_booking):
    event, session, registration = crlf_booking

    for name, data in _calendar_files(client, session, registration).items():
        physical_lines(data)  # CRLF ends only, no bare CR or LF
        names = property_names(data)
        assert "X-INJECTED" not in names and "GEO" not in names, name
        assert names.count("BEGIN") == names.count("END"), name
        vevents = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert len(vevents) == 1, name
        assert str(vevents[0]["SUMMARY"]) == CRLF_TITLE.replace("\r\n", "\n"), name
        assert "forged@evil.example" not in str(vevents[0]["UID"]), name
        assert "ATTENDEE" not in names or "evil@example.org" not in str(vevents[0].get("ATTENDEE")), name


def test_email_invites_keep_hostile_text_inside_its_properties(app, runner, crlf_booking):
    [message] = sent_emails(runner, app)

    invites = [part.get_payload(decode=True) for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(invites) == 1
    names = property_names(invites[0])
    assert "X-INJECTED" not in names and "GEO" not in names
    [vevent] = icalendar.Calendar.from_ical(invites[0]).walk("VEVENT")
    assert str(vevent["ATTENDEE"]) == "mailto:eve@example.org"
    assert "\n" not in vevent["ATTENDEE"].params["CN"]


# -- Exports -------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.headers["X-Content-Type-Options"] == "nosniff"
    # These clients ask for no language: French, whose spreadsheets split on ";".
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))


def test_attendee_export_neutralises_formulas_in_every_personal_field(app, make, hostile):
    for n, formula in enumerate(FORMULAS):
        make.registration(hostile.session, name=formula, email=f"f{n}@example.org",
                          answers={str(hostile.question.id): formula}, accessibility_needs=formula)
    client = app.test_client()
    sign_in_as(client, hostile.organiser)

    rows = _rows(client.get(f"/organiser/sessions/{hostile.session.id}/attendees.csv"))

    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert cells.count("'=cmd|' /C calc'!A0") == 3  # name, accessibility needs, answer


def test_dashboard_export_neutralises_hostile_titles(app, make, hostile):
    hostile.event.title = "=HYPERLINK(\"http://evil.example\")"
    db.session.commit()
    client = app.test_client()
    sign_in_as(client, hostile.organiser)

    rows = _rows(client.get("/organiser/dashboard/tables/upcoming.csv"))

    assert rows[1][0] == "'=HYPERLINK(\"http://evil.example\")"


def test_the_personal_data_download_is_json_that_no_browser_renders(client, hostile):
    response = client.get(f"/r/{hostile.registration.manage_token}/my-data.json")

    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.json["registrations"][0]["name"] == "Camille " + PAYLOAD
