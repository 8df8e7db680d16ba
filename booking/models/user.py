"""People and teams: who may organise what."""

import enum
import hashlib
import hmac
import secrets
import unicodedata
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from booking.extensions import db
from booking.models.types import UTCDateTime, utcnow


def normalise_email(email: str) -> str:
    """An email as Guichet compares it, for every same-person rule (bookings, accounts, feeds, erasure, caps).

    NFKC folds compatibility look-alikes (the Kelvin sign K, full-width letters) into the letters
    they stand for, then casefold compares every letter whatever its case ("ß" as "ss").
    """
    # NFKC again after casefold, so that a key normalised twice stays the same key.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).casefold())


def delivery_email(email: str) -> str:
    """An email as stored and written to: as given, but in NFKC.

    Why NFKC and not "as typed": the same-person rules fold look-alikes together, so
    "\u212aate@x" (Kelvin sign) counts as kate@x. Were it delivered as typed, mail would go
    to another mailbox than the one whose bookings it reaches. Stored in NFKC it becomes
    "Kate@x": the person it counts as is the person who reads the mail.
    """
    return unicodedata.normalize("NFKC", email.strip())


def new_session_nonce() -> str:
    return secrets.token_urlsafe(16)


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    ORGANISER = "organiser"
    ADMIN = "admin"


class MemberRole(enum.StrEnum):
    """What a member does in one team: organises it, or only checks people in at its door."""

    ORGANISER = "organiser"
    DOOR = "door"  # volunteers: the check-in pages of the team's sessions of the day, nothing else


team_members = sa.Table(
    "team_members",
    db.metadata,
    sa.Column("team_id", sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False, default=MemberRole.ORGANISER.value, server_default="organiser"),
    sa.CheckConstraint("role IN ('organiser', 'door')", name="role"),
)


class Team(db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # Where replies to the team's messages to attendees go (their Reply-To); set by admins.
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What new sessions of the team take as ``reconfirm_days_before`` unless told otherwise (null: off).
    reconfirm_days_before: Mapped[int | None]

    members: Mapped[list["User"]] = relationship(secondary=team_members, back_populates="teams")

    def __repr__(self) -> str:
        return f"<Team {self.slug}>"


def _email_key_of_email(context) -> str:
    return normalise_email(context.get_current_parameters()["email"])


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-cased, in NFKC
    # The email as compared (normalise_email): one account per person, whatever look-alike is typed.
    email_key: Mapped[str] = mapped_column(sa.String(254), unique=True, default=_email_key_of_email)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16), default=Role.CITIZEN)
    active: Mapped[bool] = mapped_column(default=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of the id every session and remember cookie holds: replaced on signing out (and on "sign out
    # everywhere"), which makes every cookie issued before useless. Accounts older than it start empty.
    session_nonce: Mapped[str] = mapped_column(sa.String(32), default=new_session_nonce, server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    teams: Mapped[list[Team]] = relationship(secondary=team_members, back_populates="members")

    __table_args__ = (sa.CheckConstraint("role IN ('citizen', 'organiser', 'admin')", name="role"),)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_organiser(self) -> bool:
        return self.role in (Role.ORGANISER, Role.ADMIN)

    @property
    def password_fingerprint(self) -> str:
        """Changes whenever the password does: spends reset links, ends sessions signed in before."""
        return hashlib.sha256((self.password_hash or "").encode()).hexdigest()[:20]

    def get_id(self) -> str:
        """What the session and the remember cookie hold: a new password, or a new session nonce (signing
        out), makes every cookie issued before refer to no one."""
        material = f"{self.password_hash or ''}\0{self.session_nonce or ''}"
        return f"{self.id}:{hashlib.sha256(material.encode()).hexdigest()[:32]}"

    def end_every_session(self) -> None:
        """Make every session and remember cookie of this account useless (the caller commits)."""
        self.session_nonce = new_session_nonce()

    def holds_session_id(self, session_id: str) -> bool:
        return hmac.compare_digest(session_id.encode(), self.get_id().encode())

    @validates("email")
    def _keep_email_key(self, _key: str, email: str) -> str:
        email = delivery_email(email).lower()
        self.email_key = normalise_email(email)
        return email

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
