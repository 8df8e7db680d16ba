"""The models, one module per aggregate; import them from here."""

from booking.models.allocation import Allocation
from booking.models.audit import AuditEntry, ExportLog
from booking.models.email_link import EmailLink, LinkPurpose
from booking.models.event import (
    STARTING_KINDS,
    TRANSLATED_FIELDS,
    Event,
    EventKind,
    EventKindRecord,
    EventStatus,
    KindIcon,
    Question,
    QuestionKind,
    Session,
    SessionStatus,
    in_language,
)
from booking.models.idempotency import IdempotencyKey
from booking.models.jobs import JobRun, JobStatus
from booking.models.message import SessionMessage
from booking.models.outbox import OutboxMessage, OutboxStatus
from booking.models.registration import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    AccessNeed,
    CalendarFeed,
    CancelledBy,
    Channel,
    ReconfirmStatus,
    Registration,
    RegistrationStatus,
    new_secret_token,
)
from booking.models.sign_in import SignInFailures
from booking.models.types import UTCDateTime, utcnow
from booking.models.user import ApiToken, MemberRole, Role, Team, User, delivery_email, normalise_email, team_members
from booking.models.venue import Venue

__all__ = [
    "ACTIVE_STATUSES",
    "AccessNeed",
    "Allocation",
    "HOLDING_STATUSES",
    "ReconfirmStatus",
    "ApiToken",
    "AuditEntry",
    "CalendarFeed",
    "CancelledBy",
    "Channel",
    "EmailLink",
    "Event",
    "ExportLog",
    "IdempotencyKey",
    "EventKind",
    "EventKindRecord",
    "KindIcon",
    "STARTING_KINDS",
    "TRANSLATED_FIELDS",
    "EventStatus",
    "LinkPurpose",
    "MemberRole",
    "JobRun",
    "JobStatus",
    "OutboxMessage",
    "OutboxStatus",
    "Question",
    "QuestionKind",
    "Registration",
    "SessionMessage",
    "RegistrationStatus",
    "Role",
    "Session",
    "SessionStatus",
    "SignInFailures",
    "Team",
    "UTCDateTime",
    "User",
    "Venue",
    "delivery_email",
    "in_language",
    "new_secret_token",
    "normalise_email",
    "team_members",
    "utcnow",
]
