"""Checking received emails: MIME structure, and the invite inside, parsed by two parsers."""

from email.message import EmailMessage

from tests.calendar.parsing import events, parse_both

INVITE_STRUCTURE = ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar",
                    "application/ics"]
PLAIN_STRUCTURE = ["multipart/alternative", "text/plain", "text/html"]


def structure(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def texts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return plain, html


def invite_of(message: EmailMessage):
    """The one VEVENT of the invite, after checking the whole structure; also returns the calendar."""
    assert structure(message) == INVITE_STRUCTURE
    alternative, attachment = message.get_payload()
    calendar_part = alternative.get_payload()[2]
    assert calendar_part["Content-Transfer-Encoding"] == "base64"
    assert calendar_part.get_content_charset() == "utf-8"
    data = calendar_part.get_payload(decode=True)
    calendar, _ = parse_both(data)
    assert calendar_part.get_param("method") == calendar["METHOD"]
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_param("method") is None
    assert attachment.get_payload(decode=True) == data
    [event] = events(calendar)
    return calendar, event
