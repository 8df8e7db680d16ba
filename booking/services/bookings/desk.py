"""At the desk and at the door: bookings taken for someone, people who turn up, closing by hand.

- ``book_at_desk``: an organiser books for someone on the phone or at reception. The same seats and
  waiting list as anyone; the email is optional (without one nothing is sent: the organiser prints
  the confirmation or reads it out). The desk is not bound by the online registration window
  (closing registrations stops the public, not the desk) nor by the per-booking maximum.
- ``walk_in``: people who turn up without a booking, confirmed and checked in at once, only within
  the free seats (never waiting: they are standing at the door).
- ``close_registrations`` / ``reopen_registrations``: an organiser closes registrations now.
- ``correct_attendee``: an organiser corrects a name, an email, a phone or answers; a new email gets
  the confirmation, and who changed which fields is logged.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import AuditEntry, Channel, EventStatus, Registration, Session, utcnow
from booking.services import pseudonyms, questions
from booking.services.bookings import locking, placement
from booking.services.bookings.availability import waitlist_position
from booking.services.bookings.requests import BookingRequest, check_request_shape
from booking.services.errors import AlreadyRegistered, Cancelled, ValidationFailed
from booking.services.pseudonyms import PseudonymKey

WALK_IN_MAX = 1000


@dataclass(frozen=True)
class DeskBooking:
    """Who took the booking at the desk, and the structure the person comes with, if any."""

    booked_by_id: int | None = None
    structure: str = ""


@dataclass(frozen=True)
class AttendeeCorrection:
    """What an organiser corrects in a booking; ``None`` leaves a field as it is."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    answers: dict | None = field(default=None)


def book_at_desk(session_id: int, request: BookingRequest, desk: DeskBooking, *, key: PseudonymKey,
                 now: datetime | None = None) -> Registration:
    """Book for someone at the desk: confirmed if the seats fit, else waiting (if the session has a list), else full."""
    now = now or utcnow()
    pseudonyms.check_key(key)
    check_request_shape(request, email_required=False)
    session = locking.lock_session(session_id, with_questions=True, email=request.email)
    _check_bookable(session)
    answers = questions.clean_answers(session.event.questions, request.answers, require=False)
    if request.email.strip() and placement.active_bookings_of(request.email, session.id, now)[0]:
        raise AlreadyRegistered()
    registration = placement.new_registration(session, request, answers, now, key)
    registration.channel = Channel.DESK
    registration.booked_by_id = desk.booked_by_id
    registration.partner_structure = desk.structure.strip() or None
    return placement.place(session, registration, now, may_wait=session.waitlist_enabled)


def walk_in(session_id: int, seats: int, *, name: str = "", key: PseudonymKey, booked_by_id: int | None = None,
            now: datetime | None = None) -> Registration:
    """People at the door without a booking: confirmed and arrived at once, if the seats are free (else full)."""
    now = now or utcnow()
    pseudonyms.check_key(key)
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= WALK_IN_MAX:
        raise ValidationFailed({"seats": _("Please give a number of people between 1 and %(num)d.", num=WALK_IN_MAX)})
    request = BookingRequest(name=(name or "").strip() or _("Walk-in"), email="", seats=seats, consent=False)
    check_request_shape(request, email_required=False)
    session = locking.lock_session(session_id)
    _check_bookable(session)
    registration = placement.new_registration(session, request, {}, now, key)
    registration.channel = Channel.WALK_IN
    registration.booked_by_id = booked_by_id
    placement.place(session, registration, now, may_wait=False)
    registration.checked_in_at, registration.seats_checked_in = now, seats
    db.session.flush()
    return registration


def close_registrations(session_id: int, *, now: datetime | None = None) -> Session:
    """Close the session's registrations now, whatever its window says; the desk may still book."""
    session = locking.lock_session(session_id)
    _check_bookable(session)
    session.registrations_closed_at = session.registrations_closed_at or now or utcnow()
    db.session.flush()
    return session


def reopen_registrations(session_id: int) -> Session:
    """Undo a closing by hand: the window set for the session applies again."""
    session = locking.lock_session(session_id)
    _check_bookable(session)
    session.registrations_closed_at = None
    db.session.flush()
    return session


def correct_attendee(registration_id: int, correction: AttendeeCorrection, *, key: PseudonymKey,
                     by_id: int | None = None, now: datetime | None = None) -> list[str]:
    """Correct someone's name, email, phone or answers; returns the fields that changed (logged, never their values).

    A new email makes the booking another person's address: the same one-booking-per-address rule applies,
    the person is counted under the new address, and the confirmation (or waiting-list message) goes to it.
    """
    now = now or utcnow()
    pseudonyms.check_key(key)
    registration = locking.lock_registration(registration_id)
    name = registration.name if correction.name is None else correction.name
    email = (registration.email or "") if correction.email is None else correction.email
    phone = (registration.phone or "") if correction.phone is None else correction.phone
    check_request_shape(BookingRequest(name=name, email=email, phone=phone, seats=registration.seats),
                        email_required=False)
    changed = []
    if name.strip() != registration.name:
        registration.name = name.strip()
        changed.append("name")
    new_email = email.strip() or None
    if new_email != registration.email:
        if new_email and registration.is_active and placement.active_bookings_of(new_email, registration.session_id,
                                                                                    now)[0]:
            raise AlreadyRegistered()
        registration.email = new_email
        registration.person_ref = (pseudonyms.person_ref(new_email, key) if new_email
                                   else pseudonyms.unknown_person_ref())
        changed.append("email")
    if (phone.strip() or None) != registration.phone:
        registration.phone = phone.strip() or None
        changed.append("phone")
    if correction.answers is not None:
        asked = registration.session.event.questions
        answers = questions.clean_answers(asked, correction.answers, require=False)
        if answers != (registration.answers or {}):
            registration.answers = answers
            changed.append("answers")
    if not changed:
        return changed
    db.session.add(AuditEntry(user_id=by_id, action="registration_corrected", target=f"registration:{registration.id}",
                              fields=", ".join(changed), created_at=now))
    db.session.flush()
    if "email" in changed and registration.is_active:
        kind = MessageKind.BOOKING_CONFIRMED if registration.is_confirmed else MessageKind.WAITLISTED
        enqueue_for_registration(kind, registration, waitlist_position=waitlist_position(registration))
    return changed


def _check_bookable(session: Session) -> None:
    if session.is_cancelled or session.event.status == EventStatus.CANCELLED:
        raise Cancelled()
