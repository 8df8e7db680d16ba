"""What someone asks for, and the checks of its shape and of the public rules."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.models import AccessNeed, Session
from booking.services import seats as seat_rules
from booking.services.bookings.availability import session_availability
from booking.services.email_address import EMAIL_MAX_LENGTH, is_valid_email
from booking.services.errors import Cancelled, RegistrationClosed, RegistrationNotOpenYet, ValidationFailed

NAME_MAX = 120
EMAIL_MAX = EMAIL_MAX_LENGTH
PHONE_MAX = 40
# Digits and what people write between them: "+33 6 12 34 56 78", "01.23.45.67.89", "(0)1-23".
_PHONE = re.compile(r"\+?[0-9 .()\-]{4,40}")
ANSWER_MAX = 2000
# A person books for themselves and a few companions; more new bookings than this from one email
# address within a day is a script or someone hoarding seats. Group bookings by organisers are exempt.
DAILY_BOOKINGS_MAX = 10
DAILY_BOOKINGS_WINDOW = timedelta(hours=24)
ACCESS_NEED_CODES = frozenset(need.value for need in AccessNeed)


@dataclass(frozen=True)
class BookingRequest:
    """What someone asks for, already shaped by a form or an API schema.

    ``email`` may be empty only where the use case allows it (a desk or partner booking for
    someone without an address, who then gets no message); ``phone`` is always optional.
    """

    name: str
    email: str
    phone: str = ""
    seats: int = 1
    locale: str = "fr"
    answers: dict = field(default_factory=dict)
    accessibility_needs: str = ""  # in the person's own words
    access_needs: tuple[str, ...] = ()  # AccessNeed codes
    wheelchair_spaces: int = 0  # how many of the ``seats`` people use a wheelchair
    consent: bool = True
    user_id: int | None = None
    easy_read: bool = False  # booked in the easy-to-read mode: its emails are easy to read too


@dataclass(frozen=True)
class GroupBooking:
    """An organiser booking seats for a partner structure (a social worker's group...)."""

    structure: str
    phone: str = ""
    booked_by_id: int | None = None


def check_request_shape(request: BookingRequest, *, email_required: bool = True) -> None:
    errors = {}
    if not request.name.strip() or len(request.name.strip()) > NAME_MAX:
        errors["name"] = ngettext("Please give a name of at most %(num)d character.",
                                  "Please give a name of at most %(num)d characters.", NAME_MAX)
    email = request.email.strip()
    if (email or email_required) and not is_valid_email(email):
        errors["email"] = str(_l("Please give a valid email address."))
    if request.phone.strip() and not _PHONE.fullmatch(request.phone.strip()):
        errors["phone"] = str(_l("Please give a phone number with digits only, such as 06 12 34 56 78."))
    if isinstance(request.seats, bool) or not isinstance(request.seats, int) or request.seats < 1:
        errors["seats"] = str(_l("Please book at least one seat."))
    if not isinstance(request.seats, bool) and isinstance(request.seats, int) and request.seats >= 1:
        try:
            check_wheelchair_spaces(request.wheelchair_spaces, request.seats)
        except ValidationFailed as error:
            errors.update(error.fields)
    if any(code not in ACCESS_NEED_CODES for code in request.access_needs):
        errors["access_needs"] = str(_l("Please choose among the needs listed."))
    if len(request.accessibility_needs) > ANSWER_MAX:
        errors["accessibility_needs"] = ngettext("Please keep this under %(num)d character.",
                                                    "Please keep this under %(num)d characters.", ANSWER_MAX)
    if errors:
        raise ValidationFailed(errors)


def check_wheelchair_spaces(spaces, seats: int) -> None:
    """Wheelchair users are people of the party: from 0 to its number of seats."""
    if isinstance(spaces, bool) or not isinstance(spaces, int) or not 0 <= spaces <= seats:
        raise ValidationFailed({"wheelchair_spaces": ngettext(
            "Please give a number of wheelchair users from 0 to %(num)d, the number of people booked.",
            "Please give a number of wheelchair users from 0 to %(num)d, the number of people booked.", seats)})


def check_public_rules(session: Session, request: BookingRequest, now: datetime) -> None:
    """The registration window and the per-booking maximum, which the public keeps and groups do not."""
    state = session_availability(session, now)
    if state is seat_rules.Availability.CANCELLED:
        raise Cancelled()
    if state is seat_rules.Availability.NOT_YET_OPEN:
        raise RegistrationNotOpenYet()
    if state is seat_rules.Availability.CLOSED:
        raise RegistrationClosed()
    if request.seats > session.max_seats_per_registration:
        raise ValidationFailed(
            {
                "seats": ngettext("You can book %(num)d seat at a time.",
                                  "You can book at most %(num)d seats at a time.", session.max_seats_per_registration)
            }
        )
