"""What each email says: its subject, text and HTML parts, and the invite it carries.

Emails are rendered by the worker, from the snapshot stored in the outbox,
in the language of the person they go to. Nothing here reads the database.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale, ngettext, npgettext, pgettext
from flask_babel import gettext as _

from booking import easy_words, links
from booking.calendar import entries
from booking.calendar.ics import Method, one_line
from booking.labels import access_need_labels
from booking.mail.mime import Invite, assemble, recipient_address, sender_address
from booking.mail.outbox import MessageKind
from booking.models import RegistrationStatus, SessionStatus
from booking.services.email_address import is_valid_email
from booking.templating import format_local_datetime, format_local_time


@dataclass(frozen=True)
class Outgoing:
    """A claimed outbox row, copied to plain values so sending needs no database."""

    id: int
    kind: str
    recipient: str
    locale: str
    payload: dict
    created_at: datetime
    attempts: int = 1  # this one included


class UnknownKind(ValueError):
    """No template for this kind of message: retrying will not help."""


KNOWN_KINDS = frozenset(
    value for name, value in vars(MessageKind).items() if not name.startswith("_") and isinstance(value, str)
)


def _subjects() -> dict[str, Callable[[dict], str]]:
    # Built on each call, so that _() runs under the locale forced for the recipient.
    return {
        MessageKind.BOOKING_CONFIRMED: lambda c: _("Booking confirmed: %(title)s", title=c["event_title"]),
        MessageKind.WAITLISTED: lambda c: _("On the waiting list: %(title)s", title=c["event_title"]),
        MessageKind.PROMOTED: lambda c: _("A seat is yours: %(title)s", title=c["event_title"]),
        MessageKind.CANCELLED: lambda c: _("Booking cancelled: %(title)s", title=c["event_title"]),
        MessageKind.SESSION_CANCELLED: lambda c: _("Session cancelled: %(title)s", title=c["event_title"]),
        MessageKind.RESCHEDULED: lambda c: _("Change of date or place: %(title)s", title=c["event_title"]),
        MessageKind.SEATS_CHANGED: lambda c: _("Booking changed: %(title)s", title=c["event_title"]),
        MessageKind.REMINDER: lambda c: _("Reminder: %(title)s, %(when)s", title=c["event_title"], when=c["when"]),
        MessageKind.RECONFIRM_ASK: lambda c: _("Are you still coming? %(title)s, %(when)s", title=c["event_title"],
                                               when=c["when"]),
        MessageKind.RECONFIRM_REMINDER: lambda c: _("Reminder: are you still coming? %(title)s", title=c["event_title"]),
        MessageKind.RELEASED: lambda c: _("Your seats have been given to others: %(title)s", title=c["event_title"]),
        MessageKind.OFFERED: lambda c: _("Seats held for you until %(deadline)s: %(title)s", deadline=c["deadline"],
                                         title=c["event_title"]),
        MessageKind.OFFER_EXPIRED: lambda c: _("The seats held for you have gone: %(title)s", title=c["event_title"]),
        MessageKind.ORGANISER_MESSAGE: lambda c: _("%(subject)s (%(title)s)", subject=c["message_subject"],
                                                   title=c["event_title"]),
        MessageKind.PASSWORD_RESET: lambda c: (_("Your Guichet account: choose your password") if c["welcome"]
                                               else _("Choose a new password for Guichet")),
        MessageKind.VERIFY_EMAIL: lambda c: _("Confirm your email address for Guichet"),
        MessageKind.MY_DATA_LINK: lambda c: _("Your link to see your bookings and your data on Guichet"),
        MessageKind.SIGN_IN_LINK: lambda c: _("Your link to sign in to Guichet"),
        MessageKind.ALLOCATION_INVITE: lambda c: _("Seats held for %(partner)s: %(title)s", partner=c["partner"],
                                                   title=c["event_title"]),
        MessageKind.ALLOCATION_RELEASE_SOON: lambda c: _("Seats held for %(partner)s soon given back: %(title)s",
                                                         partner=c["partner"], title=c["event_title"]),
        MessageKind.BOOKING_LINKS: lambda c: _("Your bookings on Guichet and their links"),
    }


def _easy_subjects() -> dict[str, Callable[[dict], str]]:
    """The subjects of the emails that have an easy-to-read version (templates/email/easy/)."""
    return {
        MessageKind.BOOKING_CONFIRMED: lambda c: pgettext("easy", "Your booking is done: %(title)s",
                                                          title=c["event_title"]),
        MessageKind.WAITLISTED: lambda c: pgettext("easy", "You are on the waiting list: %(title)s",
                                                   title=c["event_title"]),
        MessageKind.PROMOTED: lambda c: npgettext("easy", "You have a place: %(title)s", "You have %(num)d places: %(title)s",
                                                  c["seats"], title=c["event_title"]),
    }


EASY_READ_KINDS = frozenset({MessageKind.BOOKING_CONFIRMED, MessageKind.WAITLISTED, MessageKind.PROMOTED})


def invite_method(kind: str, values: dict) -> Method | None:
    """Which iTIP message, if any, an email carries.

    Only people who held a seat ever got a REQUEST, so only they get a CANCEL;
    people waiting get plain news.
    """
    if kind in (MessageKind.BOOKING_CONFIRMED, MessageKind.PROMOTED, MessageKind.RESCHEDULED,
                MessageKind.SEATS_CHANGED):
        holds_seat = values.get("status") == RegistrationStatus.CONFIRMED
        return Method.REQUEST if holds_seat and values.get("session_status") != SessionStatus.CANCELLED else None
    if kind in (MessageKind.CANCELLED, MessageKind.SESSION_CANCELLED, MessageKind.RELEASED):
        return Method.CANCEL if values.get("confirmed_at") else None
    return None


def compose(message: Outgoing) -> EmailMessage:
    """The email for one outbox message, in its recipient's language."""
    if message.kind not in KNOWN_KINDS:
        raise UnknownKind(f"unknown message kind {message.kind!r}")
    locale = message.locale if message.locale in current_app.config["LANGUAGES"] else "fr"
    with force_locale(locale):
        context = _context(message, locale)
        # A booking made in the easy-to-read mode gets the easy-to-read version of its emails, where there is one.
        easy = bool(message.payload.get("easy_read")) and message.kind in EASY_READ_KINDS
        context["subject"] = subject = (_easy_subjects() if easy else _subjects())[message.kind](context)
        folder = "email/easy" if easy else "email"
        text = render_template(f"{folder}/{message.kind}.txt", **context)
        html = render_template(f"{folder}/{message.kind}.html", **context)
        method = invite_method(message.kind, message.payload)
        invite = Invite(method.value, entries.invite(message.payload, method)) if method else None
    return assemble(
        subject=subject,
        sender=sender_address(current_app.config["MAIL_DEFAULT_SENDER"]),
        to=recipient_address(message.payload.get("name", ""), message.recipient),
        text=text,
        html=html,
        message_id=f"<guichet.{message.id}.{int(message.created_at.timestamp())}@{links.site_host()}>",
        language=locale,
        invite=invite,
        reply_to=_reply_to(message.payload),
    )


def _reply_to(values: dict):
    """The team's contact address an organiser's message names for replies, when it is a usable one."""
    address = values.get("reply_to")
    return recipient_address("", address) if address and is_valid_email(address) else None


def _context(message: Outgoing, locale: str) -> dict:
    values = message.payload
    context = {
        "kind": message.kind,
        "locale": locale,
        "name": one_line(values.get("name", "")),
        "base_url": links.base_url(),
        "manage_url": None,
        "reset_url": values.get("reset_url"),
        "verify_url": values.get("verify_url"),
        "welcome": bool(values.get("welcome")),
        "valid_hours": values.get("valid_hours"),
        "link_url": values.get("link_url"),
        "valid_minutes": values.get("valid_minutes"),
        "subject": "",
        "message_subject": values.get("subject", ""),
        "body": _plain(values.get("body", "")),
        "paragraphs": _paragraphs(values.get("body", "")),
    }
    if "registration_id" in values:
        context.update(_booking_context(message.kind, values))
    if "allocation_id" in values:
        context.update(_allocation_context(values))
    context["bookings"] = [_listed_booking(b) for b in values.get("bookings", ())]
    return context


def _allocation_context(values: dict) -> dict:
    """What a partner's contact is told: the session, the seats held and used, the release time, the invite link."""
    timezone = values["timezone"]
    return {
        "partner": one_line(values["partner"]),
        "event_title": values["event_title"],
        "when": format_local_datetime(datetime.fromisoformat(values["starts_at"]), timezone),
        "where": entries.place(values["venue_name"], "", values["venue_city"]),
        "seats": int(values["seats"]),
        "seats_used": int(values["seats_used"]),
        "seats_unused": int(values["seats_unused"]),
        "release_when": format_local_datetime(datetime.fromisoformat(values["release_at"]), timezone),
        "invite_url": links.invite_url(values["invite_token"]),
        "team_name": one_line(values.get("team_name", "")),
    }


def _listed_booking(values: dict) -> dict:
    """One booking in a list of links (a lost-link email)."""
    return {
        "event_title": one_line(values["event_title"]),
        "when": format_local_datetime(datetime.fromisoformat(values["starts_at"]), values["timezone"]),
        "waiting": values.get("status") == RegistrationStatus.WAITLISTED,
        "seats": int(values.get("seats", 1)),
        "manage_url": links.manage_url(values["manage_token"]),
    }


def _booking_context(kind: str, values: dict) -> dict:
    timezone = values["timezone"]
    token = values["manage_token"]
    deadline = datetime.fromisoformat(values["deadline"]) if values.get("deadline") else None
    starts_at = datetime.fromisoformat(values["starts_at"])
    ends_at = datetime.fromisoformat(values["ends_at"])
    return {
        "event_title": values["event_title"],
        "when": format_local_datetime(starts_at, timezone),
        "until": format_local_time(ends_at, timezone),
        "where": entries.place(values["venue_name"], values["venue_address"], values["venue_city"]),
        "seats": int(values["seats"]),
        "wheelchair_spaces": int(values.get("wheelchair_spaces") or 0),
        "access_needs": access_need_labels(values.get("access_needs")),
        "manage_url": links.manage_url(token),
        "event_url": links.event_url(values["event_id"], values["event_slug"]),
        # In full words, for the easy-to-read emails: "samedi 12 décembre", "de 14 heures à 16 heures".
        "day_words": easy_words.spelled_out_day(starts_at, timezone),
        "hours_words": easy_words.spelled_out_hours(starts_at, ends_at, timezone),
        "waitlist_position": values.get("waitlist_position"),
        "was_confirmed": bool(values.get("confirmed_at")),
        "has_invite": invite_method(kind, values) is not None,
        "cancelled_by": values.get("cancelled_by"),
        "duration": duration(ends_at - starts_at),
        "audience_notes": _plain(values.get("audience_notes")).strip(),
        "access_notes": _plain(values.get("access_notes")).strip(),
        "team_name": one_line(values.get("team_name", "")),
        # The team's own contact address (a team setting, set by admins); none shown until it is set.
        "team_contact": one_line(values.get("team_contact", "")),
        # Which group an organiser's message reached this person in: their copy says where they stand.
        "audience": values.get("audience") or ("waiting" if values.get("status") == RegistrationStatus.WAITLISTED
                                               else "booked"),
        "reply_to": values.get("reply_to"),
        # Reconfirm or release, offers: each button opens a page that asks before acting (never a bare GET).
        # Deadlines are shown in the site's display time zone (BOOKING_TIMEZONE), the person's.
        "deadline": format_local_datetime(deadline, current_app.config["BOOKING_TIMEZONE"]) if deadline else "",
        "reconfirm_url": links.absolute_url("public.reconfirm", token=token),
        "cancel_url": links.absolute_url("public.cancel", token=token),
        "accept_url": links.absolute_url("public.accept_offer", token=token),
        "decline_url": links.absolute_url("public.decline_offer", token=token),
        "book_url": links.absolute_url("public.book", session_id=values["session_id"]),
        "seats_left": int(values.get("seats_left") or 0),
        "missed_sessions": int(values.get("missed_sessions") or 0),
    }


def duration(length: timedelta) -> str:
    """How long a session lasts, in words: "45 minutes", "2 hours", "1 h 30"."""
    minutes = max(0, int(length.total_seconds() // 60))
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(num)d minute", "%(num)d minutes", rest)
    if not rest:
        return ngettext("%(num)d hour", "%(num)d hours", hours)
    return _("%(hours)d h %(minutes)02d", hours=hours, minutes=rest)


def _paragraphs(body: str) -> list[list[str]]:
    """An organiser's plain text as paragraphs of lines, for the HTML part (escaped by Jinja)."""
    return [block.split("\n") for block in _plain(body).split("\n\n") if block.strip()]


def _plain(body: str | None) -> str:
    return (body or "").replace("\r\n", "\n").replace("\r", "\n")
