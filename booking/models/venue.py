"""Places where sessions happen."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from booking.extensions import db
from booking.models.types import UTCDateTime, utcnow


class Venue(db.Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    address: Mapped[str] = mapped_column(sa.String(255))
    city: Mapped[str] = mapped_column(sa.String(120), index=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Paris")
    accessibility_notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Any change (calendar feeds read it as their data's last change).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def full_address(self) -> str:
        return f"{self.name}, {self.address}, {self.city}"

    def __repr__(self) -> str:
        return f"<Venue {self.name}>"
