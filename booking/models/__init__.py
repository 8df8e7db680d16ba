"""The models, one module per aggregate; import them from here."""

from booking.models.audit import ExportLog
from booking.models.event import Event, EventKind, EventStatus, Question, QuestionKind, Session, SessionStatus
from booking.models.outbox import OutboxMessage, OutboxStatus
from booking.models.registration import (
    ACTIVE_STATUSES,
    CalendarFeed,
    Registration,
    RegistrationStatus,
    new_secret_token,
)
from booking.models.sign_in import SignInFailures
from booking.models.types import UTCDateTime, utcnow
from booking.models.user import ApiToken, Role, Team, User, normalise_email, team_members
from booking.models.venue import Venue

__all__ = [
    "ACTIVE_STATUSES",
    "ApiToken",
    "CalendarFeed",
    "Event",
    "ExportLog",
    "EventKind",
    "EventStatus",
    "OutboxMessage",
    "OutboxStatus",
    "Question",
    "QuestionKind",
    "Registration",
    "RegistrationStatus",
    "Role",
    "Session",
    "SessionStatus",
    "SignInFailures",
    "Team",
    "UTCDateTime",
    "User",
    "Venue",
    "new_secret_token",
    "normalise_email",
    "team_members",
    "utcnow",
]
