"""Writing emails to the outbox, inside the transaction that causes them.

Only plain values are stored (a snapshot of the booking as it was when the
message was caused), so the worker renders exactly what was true then, and the
hot booking path does no rendering at all.
"""

from typing import Any

import sqlalchemy as sa
from flask import current_app

from booking.extensions import db
from booking.models import OutboxMessage, Registration


class MessageKind:
    BOOKING_CONFIRMED = "booking_confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    SESSION_CANCELLED = "session_cancelled"
    RESCHEDULED = "rescheduled"
    SEATS_CHANGED = "seats_changed"  # payload: the registration, waitlist_position
    REMINDER = "reminder"
    # Reconfirm or release, offers that expire; payload: the registration, deadline (ISO), and for
    # RELEASED seats_left (a link to book again when some remain).
    RECONFIRM_ASK = "reconfirm_ask"
    RECONFIRM_REMINDER = "reconfirm_reminder"
    RELEASED = "released"
    OFFERED = "offered"
    OFFER_EXPIRED = "offer_expired"
    ORGANISER_MESSAGE = "organiser_message"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a message kind, not a secret); payload: reset_url, name,
    # welcome (an account made by an admin), valid_hours
    VERIFY_EMAIL = "verify_email"  # payload: verify_url, name
    # Single-use links (services/email_proof.py); payload: link_url, valid_minutes.
    MY_DATA_LINK = "my_data_link"
    SIGN_IN_LINK = "sign_in_link"
    # To a partner's contact (services/bookings/allocations.py); payload: allocation_id, partner, invite_token,
    # seats, seats_used, seats_unused, release_at, the session's event_title, starts_at, timezone, venue, team.
    ALLOCATION_INVITE = "allocation_invite"
    ALLOCATION_RELEASE_SOON = "allocation_release_soon"
    # Someone lost their links (services/lost_links.py); payload: name, bookings (title, start, zone, token...).
    BOOKING_LINKS = "booking_links"


def registration_snapshot(registration: Registration) -> dict[str, Any]:
    """The plain values an email or invite about this registration needs."""
    session = registration.session
    event = session.event
    venue = event.venue
    return {
        "registration_id": registration.id,
        "name": registration.name,
        "email": registration.email,
        "seats": registration.seats,
        "wheelchair_spaces": registration.wheelchair_spaces or 0,
        "access_needs": list(registration.access_needs or []),  # codes: the email names them in its own language
        "status": registration.status,
        "manage_token": registration.manage_token,
        "sequence": registration.sequence,
        # Set once a seat was held: such a person has an invite a CANCEL must withdraw.
        "confirmed_at": registration.confirmed_at.isoformat() if registration.confirmed_at else None,
        "session_id": session.id,
        "session_status": session.status,
        "session_sequence": session.sequence,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "event_id": event.id,
        "event_title": event.text("title", registration.locale),  # the person's language (French by default)
        "event_slug": event.slug,
        "venue_name": venue.name,
        "venue_address": venue.address,
        "venue_city": venue.city,
        "timezone": venue.timezone,
        # Practical details the emails carry (older rows lack them: readers use .get).
        "audience_notes": event.audience_notes or "",
        "access_notes": venue.accessibility_notes or "",
        "team_name": event.team.name,
        "team_contact": event.team.contact_email or "",
        "base_url": current_app.config["PUBLIC_BASE_URL"],
        # Booked in the easy-to-read mode: the emails that have an easy-to-read version use it.
        "easy_read": bool(registration.easy_read),
    }


def enqueue_for_registration(kind: str, registration: Registration, *, dedupe_key: str | None = None,
                             **extra: Any) -> int | None:
    """Add an email about ``registration`` to the outbox, in the caller's transaction; returns its id.

    Someone booked without an address gets none: the organiser prints or reads out the booking.
    Every booking writes one, so it is one INSERT at once rather than an object for the next flush
    (whose unit of work cost more than the statement).
    """
    if not registration.email:
        return None
    return db.session.execute(_INSERT_FOR_REGISTRATION, {
        "kind": kind,
        "recipient": registration.email,
        "locale": registration.locale,
        "registration_id": registration.id,
        "payload": registration_snapshot(registration) | extra,
        "dedupe_key": dedupe_key,
    }).scalar_one()


_INSERT_FOR_REGISTRATION = sa.insert(OutboxMessage.__table__).returning(OutboxMessage.__table__.c.id)


def enqueue(kind: str, recipient: str, locale: str, **payload: Any) -> OutboxMessage:
    """Add an email that is not about one registration (password reset, ...)."""
    message = OutboxMessage(kind=kind, recipient=recipient, locale=locale, payload=payload)
    db.session.add(message)
    return message
