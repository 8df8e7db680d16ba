"""Helpers for dashboard tests: signing in through Flask-Login's session, and dated bookings."""

from datetime import datetime

import pytest
from flask_login.utils import _create_identifier

from booking.extensions import db
from booking.services import bookings


@pytest.fixture
def login(app):
    """``login(user)`` gives a new test client signed in as ``user`` ("strong" session protection satisfied)."""

    def signed_in(user):
        client = app.test_client()
        with app.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()
        with client.session_transaction() as session:
            session.update({"_user_id": str(user.id), "_fresh": True, "_id": identifier})
        return client

    return signed_in


@pytest.fixture
def book(make):
    """``book(session, at=..., seats=..., email=...)`` books through the booking service at a given time."""

    def booked(session, *, at: datetime, seats: int = 1, email: str | None = None, **fields):
        request = bookings.BookingRequest(name="Camille Martin", email=email or f"guest{make._next()}@example.org",
                                          seats=seats, **fields)
        registration = bookings.register(session.id, request, now=at)
        db.session.commit()
        return registration

    return booked
