"""Who exported which personal data, and when (organisers' CSV downloads)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from booking.extensions import db
from booking.models.types import UTCDateTime, utcnow


class ExportLog(db.Model):
    __tablename__ = "export_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))  # attendees_csv, dashboard_csv, personal_data
    target: Mapped[str] = mapped_column(sa.String(120))  # e.g. "session:12"
    row_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AuditEntry(db.Model):
    """Who changed what in someone's booking (an organiser correcting a name or an address).

    ``fields`` names the fields changed, never their values: the log outlives the retention
    purge, which must leave no personal data behind.
    """

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(40))  # e.g. registration_corrected
    target: Mapped[str] = mapped_column(sa.String(120), index=True)  # e.g. "registration:12"
    fields: Mapped[str] = mapped_column(sa.String(200), default="")  # e.g. "email, phone"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
