"""Typed domain errors, raised by the services and mapped once at each edge.

Every error type the services raise lives here. Each carries a ``code`` (the
JSON API's ``error.code``; a ``BookingRuleError`` answers 409), a ``message``
and ``fields``: the form fields at fault, by name, each with its message (empty
when the refusal concerns the whole request). HTML views show them through
``booking.forms.saving``, the API through ``booking.api.errors``, the CLI exits
non-zero with the message.
"""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    code = "error"
    default_message = _l("This action could not be completed.")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        # One shape for every error: {field name: message}; ``field`` names the single field at fault.
        self.fields: dict[str, str] = {field: self.message} if field else {}
        super().__init__(str(self.message))


class NotFound(DomainError):
    code = "not_found"
    default_message = _l("This page or item does not exist, or is no longer available.")


class ValidationFailed(DomainError):
    """Input that has the wrong shape for a rule: names each bad field."""

    code = "invalid"
    default_message = _l("Some fields are not valid.")

    def __init__(self, fields: dict[str, str], message=None):
        super().__init__(message)
        self.fields = dict(fields)


class BookingRuleError(DomainError):
    """Refused by a booking rule (the API's 409)."""


class SessionFull(BookingRuleError):
    code = "full"
    default_message = _l("Sorry, there are not enough seats left for this session.")


class RegistrationClosed(BookingRuleError):
    code = "closed"
    default_message = _l("Registration is closed for this session.")


class RegistrationNotOpenYet(RegistrationClosed):
    default_message = _l("Registration for this session has not opened yet.")


class AlreadyRegistered(BookingRuleError):
    code = "already_registered"
    default_message = _l("This email address already has a booking for this session.")


class TooManyBookings(BookingRuleError):
    """One email address holds the day's maximum of new bookings (see ``bookings.DAILY_BOOKINGS_MAX``)."""

    code = "too_many_bookings"
    default_message = _l("This email address has already made many bookings today. Please try again tomorrow, "
                         "or contact the organisers to book for a group.")


class Cancelled(BookingRuleError):
    code = "cancelled"
    default_message = _l("This session has been cancelled.")


class AlreadyCancelled(Cancelled):
    default_message = _l("This booking is already cancelled.")


class NotWaitlisted(BookingRuleError):
    code = "not_waitlisted"
    default_message = _l("This booking is not on the waiting list.")


class NotConfirmed(BookingRuleError):
    code = "not_confirmed"
    default_message = _l("Only confirmed bookings can be checked in.")


class NotOffered(BookingRuleError):
    code = "not_offered"
    default_message = _l("No seats are offered to this booking.")


class OfferExpired(BookingRuleError):
    code = "offer_expired"
    default_message = _l("Sorry, this offer has expired: the seats went to the next person waiting.")


class NotStartedYet(BookingRuleError):
    code = "not_started"
    default_message = _l("This session has not started yet: absentees can be marked once it has begun.")


class TryAgainLater(DomainError):
    """The session's lock could not be had in time: nothing was written (503)."""

    code = "busy"
    default_message = _l("Many people are booking right now. Please try again in a moment.")


class IdempotencyKeyReused(DomainError):
    """An Idempotency-Key sent again with another request than the one it first came with (422)."""

    code = "idempotency_key_reused"
    default_message = _l("This Idempotency-Key was already used for a different request. "
                         "Send a new key with each new booking.")


# -- Accounts, links and tokens ------------------------------------------------------


class AccountError(DomainError):
    """Refused by an account rule; ``fields`` names the form field at fault, if any."""

    code = "account"


class AccountExists(AccountError):
    default_message = _l("An account already exists for this email address.")


class LastAdmin(AccountError):
    default_message = _l("This is the last active admin account: make another admin first.")


class InvalidLink(DomainError):
    """An emailed or signed link that is unknown, expired or already used (a 400 page, not a form error)."""

    code = "invalid_link"
    default_message = _l("This link has expired or has already been used. Please ask for a new one.")


class HasBookings(BookingRuleError):
    """A session or event somebody booked (even if cancelled since) is never deleted: it is cancelled instead."""

    code = "has_bookings"
    default_message = _l("People have booked here, so it cannot be deleted: cancel it instead, and they will be told.")


class NotADraft(DomainError):
    """Only a draft event can be deleted: a published one may have been seen, shared, added to calendars."""

    code = "not_a_draft"
    default_message = _l("Only a draft event can be deleted. Cancel it instead.")


class TokenRefused(DomainError):
    """The account may not hold an API token (not an organiser, or disabled)."""

    code = "token_refused"
    default_message = _l("Only active organiser accounts can have API tokens.")
