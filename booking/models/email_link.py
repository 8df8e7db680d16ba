"""Single-use links sent by email: proving one owns an address, signing in without a password."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from booking.extensions import db
from booking.models.types import UTCDateTime, utcnow


class LinkPurpose(enum.StrEnum):
    MY_DATA = "my_data"  # opens the person's data, bookings and calendar feed for a while
    SIGN_IN = "sign_in"  # signs the account with this address in


class EmailLink(db.Model):
    """One link: only the SHA-256 of its secret is kept, so a copy of the database opens nothing."""

    __tablename__ = "email_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))
    email_key: Mapped[str] = mapped_column(sa.String(254), index=True)  # normalise_email of the address
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint("purpose IN ('my_data', 'sign_in')", name="purpose"),)
