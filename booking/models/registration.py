"""Registrations: seats booked (or awaited) on one session by one person."""

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from booking.extensions import db
from booking.models.event import Session
from booking.models.types import UTCDateTime, utcnow
from booking.models.user import User, delivery_email, normalise_email


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    # Freed seats held for a waiting party until ``offer_expires_at`` (sessions with ``offer_hours``):
    # they count as taken; accepting confirms them, declining or letting the offer lapse frees them.
    OFFERED = "offered"
    CANCELLED = "cancelled"


class Channel(enum.StrEnum):
    """How a booking came in, when not online: at the desk (or on the phone), or at the door unbooked."""

    DESK = "desk"
    WALK_IN = "walk_in"


class ReconfirmStatus(enum.StrEnum):
    """Where a confirmed booking stands in its session's reconfirmation (null: never asked)."""

    REQUESTED = "requested"
    RECONFIRMED = "reconfirmed"
    RELEASED = "released"


class CancelledBy(enum.StrEnum):
    """Who cancelled a registration; the dashboards count cancellations by it."""

    ATTENDEE = "attendee"
    ORGANISER = "organiser"
    SESSION = "session"  # the whole session was cancelled
    RELEASED = "released"  # not reconfirmed in time: the seats went to the waiting list
    OFFER_EXPIRED = "offer_expired"  # an offer of seats not accepted in time passed to the next party


class AccessNeed(enum.StrEnum):
    """Needs asked at booking, stored as codes (labels: ``booking.labels.ACCESS_NEED_LABELS``), so they are counted."""

    SIGN_LANGUAGE = "sign_language"
    AUDIO_DESCRIPTION = "audio_description"
    INDUCTION_LOOP = "induction_loop"
    STEP_FREE_ACCESS = "step_free_access"
    LARGE_PRINT = "large_print"
    OTHER = "other"


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)
# Statuses whose seats count in the session's ``seats_taken``.
HOLDING_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
_ACTIVE_SQL = "status IN ('confirmed', 'waitlisted', 'offered')"
_CHANNEL_SQL = "channel IS NULL OR channel IN ('desk', 'walk_in')"
_CANCELLED_BY_SQL = ("cancelled_by IS NULL OR cancelled_by IN "
                     "('attendee', 'organiser', 'session', 'released', 'offer_expired')")
_STATUS_SQL = "status IN ('confirmed', 'waitlisted', 'offered', 'cancelled')"
_RECONFIRM_SQL = "reconfirm_status IS NULL OR reconfirm_status IN ('requested', 'reconfirmed', 'released')"
# Partial indexes of the dashboards (their queries repeat these conditions, so the indexes apply).
_CONFIRMED_SQL = "status = 'confirmed'"
_WHEELCHAIRS_SQL = "wheelchair_spaces > 0"
_GROUPS_SQL = "partner_structure IS NOT NULL"


def new_secret_token() -> str:
    """256 bits from the OS's CSPRNG, URL-safe."""
    return secrets.token_urlsafe(32)


def _email_key_of_email(context) -> str | None:
    email = context.get_current_parameters()["email"]
    return normalise_email(email) if email else None


class Registration(db.Model):
    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)  # also the arrival order on the waiting list
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # None for people booked at the desk or by a partner without an address: no email is ever sent them.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # The email as compared (one active booking per email and session, a person's bookings): it follows
    # the email, whichever way a registration is inserted (booking service, bulk demo data).
    email_key: Mapped[str | None] = mapped_column(sa.String(254), default=_email_key_of_email, index=True)
    # Who the person is for the dashboards, which outlives the email when it is anonymised: a keyed
    # hash (services/pseudonyms.py), given by whoever inserts the row, as the key is a setting.
    person_ref: Mapped[int] = mapped_column(sa.BigInteger)
    seats: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(16))
    manage_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_secret_token)
    locale: Mapped[str] = mapped_column(sa.String(8), default="fr")
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Free text: what the person tells us in their own words (the codes below say what it is about).
    accessibility_needs: Mapped[str] = mapped_column(sa.Text, default="")
    # AccessNeed codes, sorted; never translated text, so the dashboards count them.
    access_needs: Mapped[list] = mapped_column(sa.JSON, default=list, server_default=sa.text("'[]'"))
    # How many of the party use a wheelchair: they take the session's wheelchair spaces, the others its seats.
    wheelchair_spaces: Mapped[int] = mapped_column(default=0, server_default="0")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Group bookings made by an organiser for a partner structure.
    partner_structure: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    booked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Booked by a partner within its allocation (models/allocation.py): its seats come from there.
    allocation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("allocations.id", ondelete="SET NULL"),
                                                      index=True)
    # A Channel, or None for a booking made online (or a partner's group: see partner_structure).
    channel: Mapped[str | None] = mapped_column(sa.String(16))
    # iCalendar SEQUENCE of this registration's invites; raised on every change sent.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when a party waiting got its seats (by itself as seats freed up, or by an organiser).
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by: Mapped[str | None] = mapped_column(sa.String(16))  # a CancelledBy
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Seats of the party that arrived (1 of 2: the other comes later); 0 until the first one is ticked in.
    seats_checked_in: Mapped[int] = mapped_column(default=0, server_default="0")
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Booked in the easy-to-read mode: its emails are written in easy-to-read words too.
    easy_read: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Reconfirm or release (sessions with ``reconfirm_days_before``): a ReconfirmStatus, null until asked.
    reconfirm_status: Mapped[str | None] = mapped_column(sa.String(16))
    reconfirm_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reconfirm_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # While ``offered``: when the offer passes to the next party.
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Marked by an organiser after the session: booked, not cancelled, and did not come.
    no_show_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[Session] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    allocation: Mapped["Allocation | None"] = relationship()  # noqa: F821 (models/allocation.py)

    __table_args__ = (
        sa.CheckConstraint("seats >= 1", name="seats_positive"),
        sa.CheckConstraint("seats_checked_in >= 0", name="seats_checked_in_positive"),
        sa.CheckConstraint("wheelchair_spaces >= 0 AND wheelchair_spaces <= seats", name="wheelchair_spaces_in_party"),
        sa.CheckConstraint(_STATUS_SQL, name="status"),
        sa.CheckConstraint(_CANCELLED_BY_SQL, name="cancelled_by"),
        sa.CheckConstraint(_CHANNEL_SQL, name="channel"),
        sa.CheckConstraint(_RECONFIRM_SQL, name="reconfirm_status"),
        # One active registration per email and session, whatever the case: a double click books once.
        sa.Index(
            "uq_registrations_active_email",
            "session_id",
            "email_key",
            unique=True,
            sqlite_where=sa.text(_ACTIVE_SQL),
            postgresql_where=sa.text(_ACTIVE_SQL),
        ),
        sa.Index("ix_registrations_session_status", "session_id", "status", "id"),
        # The dashboards (migration 0022): each of their totals read from an index alone, not the table.
        # Sign-ups per day, per kind and venue:
        sa.Index("ix_registrations_created_at", "created_at", postgresql_include=["session_id", "status", "seats"]),
        # People reached and first-timers (who), attendance (who arrived):
        sa.Index("ix_registrations_confirmed_by_session", "session_id", "person_ref", "checked_in_at",
                 "seats_checked_in", sqlite_where=sa.text(_CONFIRMED_SQL), postgresql_where=sa.text(_CONFIRMED_SQL)),
        # The few bookings with wheelchair spaces, and group bookings:
        sa.Index("ix_registrations_wheelchairs", "session_id", sqlite_where=sa.text(_WHEELCHAIRS_SQL),
                 postgresql_where=sa.text(_WHEELCHAIRS_SQL)),
        sa.Index("ix_registrations_partner_structure", "session_id", sqlite_where=sa.text(_GROUPS_SQL),
                 postgresql_where=sa.text(_GROUPS_SQL)),
    )

    @validates("email")
    def _keep_email_key(self, _key: str, email: str | None) -> str | None:
        """Stored in NFKC (see ``delivery_email``); a changed email (anonymisation) changes its key."""
        if not email:
            self.email_key = None
            return None
        email = delivery_email(email)
        self.email_key = normalise_email(email)
        return email

    @property
    def has_email(self) -> bool:
        return bool(self.email)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_offered(self) -> bool:
        return self.status == RegistrationStatus.OFFERED

    @property
    def holds_seats(self) -> bool:
        """Its seats count in ``seats_taken``: confirmed, or offered and not yet answered."""
        return self.status in HOLDING_STATUSES

    @property
    def takes_seats(self) -> int:
        """Seats this party takes from the session's seats: everyone but its wheelchair users."""
        return self.seats - (self.wheelchair_spaces or 0)

    @property
    def takes_spaces(self) -> int:
        """Wheelchair spaces this party takes from the session's own pool of them."""
        return self.wheelchair_spaces or 0

    @property
    def is_group_booking(self) -> bool:
        return self.partner_structure is not None

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status} x{self.seats}>"


class CalendarFeed(db.Model):
    """The secret address of one person's calendar of bookings (by email; no account needed)."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # normalise_email: a key, never written to
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_secret_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
