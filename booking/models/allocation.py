"""Partner allocations: seats of a session held for a partner structure until a release time.

A shelter, a social centre or a school gets N seats of a session; its contact books them for
named people through the secret invite link, with no account. Unused seats are held away from
the public (``sessions.seats_held``) until ``release_at`` or a release by hand, then go back.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.extensions import db
from booking.models.event import Session
from booking.models.registration import new_secret_token
from booking.models.types import UTCDateTime, utcnow


class Allocation(db.Model):
    """``seats_used`` counts the confirmed seats of the partner's bookings; the booking service
    changes it, with ``sessions.seats_held``, under the session's lock. While held, the
    session's ``seats_held`` includes ``seats - seats_used``; once released, nothing."""

    __tablename__ = "allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    partner: Mapped[str] = mapped_column(sa.String(200))
    contact_email: Mapped[str] = mapped_column(sa.String(254))
    seats: Mapped[int]
    seats_used: Mapped[int] = mapped_column(default=0, server_default="0")
    release_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the contact was told the release is near (once per release time: see jobs).
    release_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invite_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_secret_token)
    locale: Mapped[str] = mapped_column(sa.String(8), default="fr", server_default="fr")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[Session] = relationship()

    __table_args__ = (
        sa.CheckConstraint("seats >= 1", name="seats_positive"),
        sa.CheckConstraint("seats_used >= 0 AND seats_used <= seats", name="used_within_seats"),
    )

    @property
    def is_held(self) -> bool:
        return self.released_at is None

    @property
    def seats_unused(self) -> int:
        """Seats the partner may still book: none once released."""
        return self.seats - self.seats_used if self.is_held else 0

    def __repr__(self) -> str:
        return f"<Allocation {self.id} of session {self.session_id} x{self.seats}>"
