"""Helpers for the booking service's tests: booking as a view would, reading back what changed."""


import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, Registration, RegistrationStatus, Session
from booking.services import bookings
from booking.services.bookings import BookingRequest

CONFIRMED, WAITLISTED, CANCELLED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


class Booker:
    """Books through the service and commits, as a view would; numbers each guest."""

    def __init__(self):
        self.n = 0

    def __call__(self, session, seats=1, email=None, *, now=None, group=None, **fields):
        self.n += 1
        request = BookingRequest(name=fields.pop("name", "Camille Martin"), email=email or f"guest{self.n}@example.org",
                                 seats=seats, **fields)
        if group is None:
            registration = bookings.book(session.id, request, now=now)
        else:
            registration = bookings.book_for_group(session.id, request, group, now=now)
        db.session.commit()
        return registration


def refused(error_type, action, *args, **kwargs):
    """Run a service call expected to be refused; roll back as the edge would and return the error."""
    with pytest.raises(error_type) as caught:
        action(*args, **kwargs)
    db.session.rollback()
    return caught.value


def fresh(session: Session) -> Session:
    db.session.expire_all()
    return db.session.get(Session, session.id)


def statuses(*registrations) -> list[str]:
    db.session.expire_all()
    return [db.session.get(Registration, r.id).status for r in registrations]


def outbox(kind: str) -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def count_registrations() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))
