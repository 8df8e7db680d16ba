"""The outbox: every email is a row written in the transaction that causes it."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, validates

from booking.extensions import db
from booking.models.types import UTCDateTime, utcnow
from booking.models.user import normalise_email


def _recipient_key(context) -> str:
    return normalise_email(context.get_current_parameters()["recipient"])


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a worker until claimed_until
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))  # booking_confirmed, waitlisted, promoted, ...
    recipient: Mapped[str] = mapped_column(sa.String(254))
    # The recipient as compared (normalise_email): erasing a person finds every message to them.
    recipient_key: Mapped[str] = mapped_column(sa.String(254), default=_recipient_key, index=True)
    locale: Mapped[str] = mapped_column(sa.String(8), default="fr")
    # A snapshot of plain values the message is rendered from, taken when it was caused.
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    # Makes a message idempotent (e.g. one reminder per registration); NULLs never clash.
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    status: Mapped[str] = mapped_column(sa.String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    @validates("recipient")
    def _keep_recipient_key(self, _key: str, recipient: str) -> str:
        self.recipient_key = normalise_email(recipient)
        return recipient

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status}>"
