"""Events and their dated sessions."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.extensions import db
from booking.models.types import UTCDateTime, utcnow
from booking.models.user import Team
from booking.models.venue import Venue


class EventKind(enum.StrEnum):
    """The seven kinds the programme started with (seeded into ``event_kinds``); admins may add more."""

    TALK = "talk"
    DEBATE = "debate"
    GUIDED_TOUR = "guided_tour"
    WORKSHOP = "workshop"
    SCREENING = "screening"
    SHOW = "show"
    OTHER = "other"


class KindIcon(enum.StrEnum):
    """The pictograms an event kind may show (templates/_kinds.html draws each)."""

    MICROPHONE = "microphone"
    SPEECH = "speech"
    FLAG = "flag"
    SCISSORS = "scissors"
    FILM = "film"
    STAR = "star"
    DOTS = "dots"
    MUSIC = "music"
    BOOK = "book"
    FRAME = "frame"
    PALETTE = "palette"
    PEOPLE = "people"


# The starting set, as migration 0017 seeds it: (code, French name, English name, icon).
STARTING_KINDS = (
    (EventKind.TALK, "Conférence", "Talk", KindIcon.MICROPHONE),
    (EventKind.DEBATE, "Débat", "Debate", KindIcon.SPEECH),
    (EventKind.GUIDED_TOUR, "Visite guidée", "Guided tour", KindIcon.FLAG),
    (EventKind.WORKSHOP, "Atelier", "Workshop", KindIcon.SCISSORS),
    (EventKind.SCREENING, "Projection", "Screening", KindIcon.FILM),
    (EventKind.SHOW, "Spectacle", "Show", KindIcon.STAR),
    (EventKind.OTHER, "Autre", "Other", KindIcon.DOTS),
)


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


def _in_list(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class EventKindRecord(db.Model):
    """A kind of event, managed by admins: ``code`` is what the API and the database name it, and never changes.

    A kind is never deleted (events keep it); an inactive one is no longer offered for new events.
    """

    __tablename__ = "event_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name_fr: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80), default="")
    icon: Mapped[str] = mapped_column(sa.String(20), default=KindIcon.DOTS)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        sa.CheckConstraint(_in_list("icon", KindIcon), name="icon"),
        sa.CheckConstraint("code <> ''", name="code_not_empty"),
    )

    def name(self, locale: str) -> str:
        """The kind's name in ``locale``; English falls back to French."""
        return (self.name_en if locale == "en" else "") or self.name_fr

    def __repr__(self) -> str:
        return f"<EventKindRecord {self.code}>"


@sa.event.listens_for(EventKindRecord.__table__, "after_create")
def _seed_starting_kinds(table, connection, **_kw):
    """``create_all`` (tests, a fresh development database) starts with the seven kinds, as the migration does."""
    connection.execute(table.insert(), [
        {"code": code.value, "name_fr": fr, "name_en": en, "icon": icon.value, "position": n, "active": True}
        for n, (code, fr, en, icon) in enumerate(STARTING_KINDS, start=1)
    ])


# Index conditions, as SQL (EventStatus.PUBLISHED, SessionStatus.SCHEDULED).
_PUBLISHED_SQL = "status = 'published'"
_SCHEDULED_SQL = "status = 'scheduled'"


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    # Texts in French (required) and English (optional: empty shows the French); see ``text``.
    title: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    summary: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    summary_en: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    kind: Mapped[str] = mapped_column(sa.String(20), sa.ForeignKey("event_kinds.code"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    description_en: Mapped[str] = mapped_column(sa.Text, default="", server_default="")  # Markdown
    audience_notes: Mapped[str] = mapped_column(sa.Text, default="")
    # A few short sentences in easy-to-read words (FALC), shown in the easy-to-read mode instead of the description.
    easy_read_summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    status: Mapped[str] = mapped_column(sa.String(16), default=EventStatus.DRAFT, index=True)
    # Its picture (services/images.py): the fingerprint its files are named after, the size of the widest,
    # and what it shows for people who cannot see it. No key, no picture.
    image_key: Mapped[str | None] = mapped_column(sa.String(40))
    image_width: Mapped[int | None]
    image_height: Mapped[int | None]
    image_alt: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id"), index=True)
    venue_id: Mapped[int] = mapped_column(sa.ForeignKey("venues.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Any change to the event (calendar feeds read it as their data's last change).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)

    team: Mapped[Team] = relationship()
    venue: Mapped[Venue] = relationship()
    sessions: Mapped[list["Session"]] = relationship(
        back_populates="event", order_by="Session.starts_at", cascade="all, delete-orphan"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="event", order_by="Question.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(_in_list("status", EventStatus), name="status"),
        # The programme (migration 0023): which events are published, read from this index alone.
        sa.Index("ix_events_published", "id", sqlite_where=sa.text(_PUBLISHED_SQL),
                 postgresql_where=sa.text(_PUBLISHED_SQL)),
    )

    def text(self, field: str, locale: str) -> str:
        """``title``, ``summary`` or ``description`` in ``locale``: English falls back to French when empty."""
        if field not in TRANSLATED_FIELDS:
            raise ValueError(f"not a translated field: {field!r}")
        return in_language(getattr(self, field), getattr(self, f"{field}_en"), locale)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


TRANSLATED_FIELDS = ("title", "summary", "description")


def in_language(french: str | None, english: str | None, locale: str) -> str:
    """One of an event's texts in ``locale``, from its two columns: English falls back to French when empty."""
    if locale == "en" and english and english.strip():
        return english
    return french or ""


class Session(db.Model):
    """One dated occurrence of an event, with its own seats and waiting list.

    ``seats_taken`` counts confirmed seats and is only changed by the booking
    service, under the session's lock. The database refuses any value below
    zero or above ``seat_ceiling``, which equals ``capacity`` except after a
    capacity decrease below the seats already taken: bookings made before stay,
    and the ceiling comes down with them as they are cancelled.

    ``wheelchair_spaces`` is a pool apart from the seats, kept the same way:
    ``wheelchair_spaces_taken`` counts the confirmed parties' wheelchair users,
    below ``wheelchair_ceiling`` (``wheelchair_spaces``, or more after a decrease). ``seats_held``
    (partner allocations not booked yet) counts under the seats' ceiling.
    """

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    seats_taken: Mapped[int] = mapped_column(default=0)
    seat_ceiling: Mapped[int]
    wheelchair_spaces: Mapped[int] = mapped_column(default=0, server_default="0")
    wheelchair_spaces_taken: Mapped[int] = mapped_column(default=0, server_default="0")
    wheelchair_ceiling: Mapped[int] = mapped_column(default=0, server_default="0")
    # Seats held for partners and not booked yet (models/allocation.py): taken as far as the public sees.
    seats_held: Mapped[int] = mapped_column(default=0, server_default="0")
    waitlist_enabled: Mapped[bool] = mapped_column(default=True)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: open now
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: at start
    max_seats_per_registration: Mapped[int] = mapped_column(default=4)
    # Set when an organiser closed registrations by hand ("close now"); None again when reopened.
    registrations_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(16), default=SessionStatus.SCHEDULED)
    # iCalendar SEQUENCE of the public per-session UID; raised on every change of time, place or status.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last change to what a calendar shows of the session (its event, times, status, SEQUENCE), set by
    # ``_note_calendar_change`` below; seat counts change without it, so a booking leaves feeds' ETags alone.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Reconfirm or release: confirmed people are asked this many days before the start (null: off).
    reconfirm_days_before: Mapped[int | None]
    # Freed seats are offered to a waiting party for this many hours (null: given at once).
    offer_hours: Mapped[int | None]

    event: Mapped[Event] = relationship(back_populates="sessions")

    __table_args__ = (
        sa.CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint("seat_ceiling >= capacity", name="ceiling_covers_capacity"),
        sa.CheckConstraint("seats_taken >= 0 AND seats_taken <= seat_ceiling", name="seats_within_ceiling"),
        sa.CheckConstraint("wheelchair_spaces >= 0", name="wheelchair_spaces_not_negative"),
        sa.CheckConstraint("wheelchair_ceiling >= wheelchair_spaces", name="wheelchair_ceiling_covers_spaces"),
        sa.CheckConstraint("wheelchair_spaces_taken >= 0 AND wheelchair_spaces_taken <= wheelchair_ceiling",
                           name="wheelchair_spaces_within_ceiling"),
        sa.CheckConstraint("seats_held >= 0 AND seats_taken + seats_held <= seat_ceiling", name="holds_within_ceiling"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("max_seats_per_registration >= 1", name="max_seats_positive"),
        sa.CheckConstraint(_in_list("status", SessionStatus), name="status"),
        # The programme (migration 0023): each event's next session, read from this index alone.
        sa.Index("ix_sessions_scheduled_by_start", "starts_at", "event_id",
                 sqlite_where=sa.text(_SCHEDULED_SQL), postgresql_where=sa.text(_SCHEDULED_SQL)),
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("seat_ceiling", kwargs.get("capacity", 0))
        kwargs.setdefault("wheelchair_ceiling", kwargs.get("wheelchair_spaces", 0))
        super().__init__(**kwargs)

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_committed)

    @hybrid_property
    def seats_committed(self) -> int:
        """Seats booked plus seats held for partners: what the ceiling bounds (in SQL too: see
        ``availability.has_room``)."""
        return self.seats_taken + self.seats_held

    @property
    def wheelchair_spaces_left(self) -> int:
        return max(0, self.wheelchair_spaces - self.wheelchair_spaces_taken)

    @property
    def effective_closes_at(self) -> datetime:
        """When registrations close: by hand if an organiser closed them, else as set, else at the start."""
        scheduled = self.registration_closes_at or self.starts_at
        return min(scheduled, self.registrations_closed_at) if self.registrations_closed_at else scheduled

    @property
    def closed_by_hand(self) -> bool:
        return self.registrations_closed_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @hybrid_method
    def is_upcoming(self, now: datetime):
        """Not over yet at ``now``: what pages list as "to come" and "my bookings" keeps apart from the past.

        One rule for Python (``session.is_upcoming(now)``) and SQL (``Session.is_upcoming(now)``).
        """
        return self.ends_at > now

    def __repr__(self) -> str:
        return f"<Session {self.id} of event {self.event_id}>"


class QuestionKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    YES_NO = "yes_no"


class Question(db.Model):
    """A question an event asks on its booking form; answers live on the registration."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[str] = mapped_column(sa.String(16))
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="questions")

    __table_args__ = (sa.CheckConstraint(_in_list("kind", QuestionKind), name="kind"),)


# What a calendar entry of a session is made of (besides its event and venue, which keep their own updated_at).
CALENDAR_FIELDS = ("event_id", "starts_at", "ends_at", "status", "sequence")


@sa.event.listens_for(Session, "before_update")
def _note_calendar_change(_mapper, _connection, session: Session) -> None:
    """Stamp ``changed_at`` when a field calendars show changes, however the change was made through the ORM."""
    state = sa.inspect(session)
    if any(state.attrs[name].history.has_changes() for name in CALENDAR_FIELDS):
        session.changed_at = utcnow()
