"""Messages organisers sent to the people of a session: the history shown beside the message form."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.extensions import db
from booking.models.types import UTCDateTime, utcnow


class SessionMessage(db.Model):
    __tablename__ = "session_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"))
    # Who sent it; kept when the account goes, as the message was sent all the same.
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(sa.String(150))
    body: Mapped[str] = mapped_column(sa.Text)
    # The groups chosen, comma-separated in a fixed order (services.messages.AUDIENCES).
    audiences: Mapped[str] = mapped_column(sa.String(64))
    recipient_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sent_by = relationship("User")

    __table_args__ = (sa.Index("ix_session_messages_session_created", "session_id", "created_at"),)

    def __repr__(self) -> str:
        return f"<SessionMessage {self.id} to session {self.session_id}>"
