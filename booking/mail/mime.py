"""Putting an email together: safe headers and the MIME structure mail clients show as an invitation.

```
multipart/mixed
  multipart/alternative
    text/plain
    text/html
    text/calendar; charset=UTF-8; method=REQUEST   (base64)
  application/ics; name="invite.ics"               (attachment)
```
Without an invite the email is just the ``multipart/alternative``.
"""

from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.policy import SMTP
from email.utils import formatdate, parseaddr

from booking.calendar.ics import one_line

SUBJECT_MAX = 200
NAME_MAX = 120


class FoldedSubject(str):
    """A subject folded by ``email.header``: Python 3.11's own folder drops the space between two encoded
    words where it breaks a long line ("Les métiers" read back as "Lesmétiers"), which this one keeps."""

    name = "Subject"

    def fold(self, *, policy) -> str:
        return f"Subject: {Header(str(self), 'utf-8', header_name='Subject').encode(linesep=policy.linesep)}" \
            + policy.linesep


class BadAddress(ValueError):
    """An address no mail server would take; retrying will not help."""


@dataclass(frozen=True)
class Invite:
    method: str  # REQUEST or CANCEL: also the part's method parameter
    data: bytes


def sender_address(sender: str) -> Address:
    name, addr_spec = parseaddr(sender)
    return _address(name, addr_spec)


def recipient_address(name: str, addr_spec: str) -> Address:
    return _address(name, addr_spec)


def _address(name: str, addr_spec: str) -> Address:
    # A display name stays on one line: no CR/LF can reach the header, whatever was typed.
    display = one_line(name)[:NAME_MAX]
    if not addr_spec or one_line(addr_spec) != addr_spec or " " in addr_spec:
        raise BadAddress(f"unusable address {addr_spec!r}")
    try:
        return Address(display_name=display, addr_spec=addr_spec)
    except (ValueError, IndexError) as error:
        raise BadAddress(f"unusable address {addr_spec!r}") from error


def assemble(
    *,
    subject: str,
    sender: Address,
    to: Address,
    text: str,
    html: str,
    message_id: str,
    language: str,
    invite: Invite | None = None,
    reply_to: Address | None = None,
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["Subject"] = FoldedSubject(one_line(subject)[:SUBJECT_MAX])
    message["From"] = sender
    message["To"] = to
    if reply_to is not None:
        message["Reply-To"] = reply_to
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    if invite is not None:
        _add_invite(message, invite)
    # Last: set_content clears every Content-* header of the message it fills.
    message["Content-Language"] = language
    return message


def _add_invite(message: EmailMessage, invite: Invite) -> None:
    calendar_part = MIMEPart(policy=SMTP)
    calendar_part.set_content(
        invite.data, maintype="text", subtype="calendar", cte="base64",
        params={"charset": "UTF-8", "method": invite.method},
    )
    message.attach(calendar_part)  # third alternative, after text and HTML
    message.add_attachment(
        invite.data, maintype="application", subtype="ics", filename="invite.ics", params={"name": "invite.ics"}
    )
