"""Helpers for dashboard tests: a database of each kind, signing in, dated bookings, reading CSV."""

import csv
import io
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import current_app
from flask_login.utils import _create_identifier

from booking.extensions import db
from booking.models import utcnow
from booking.services import bookings
from tests.conftest import Builders


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    """The app on SQLite, then on PostgreSQL (skipped, or failed under CI, without a server)."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture
def any_make(any_app):
    return Builders()


@pytest.fixture
def login():
    """``login(user)`` gives a new test client signed in as ``user`` ("strong" session protection satisfied)."""

    def signed_in(user):
        app = current_app._get_current_object()
        client = app.test_client()
        # English column names: the figures, not the translations, are under test.
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        with app.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()
        with client.session_transaction() as session:
            session.update({"_user_id": user.get_id(), "_fresh": True, "_id": identifier})
        return client

    return signed_in


_emails = iter(range(1, 1_000_000))


def book(session, *, at: datetime, seats: int = 1, email: str | None = None, **fields):
    """Book through the booking service as if it were ``at`` (committed)."""
    request = bookings.BookingRequest(name="Camille Martin", email=email or f"guest{next(_emails)}@example.org",
                                      seats=seats, **fields)
    registration = bookings.book(session.id, request, now=at)
    db.session.commit()
    return registration


def check_in(*registrations, at: datetime | None = None):
    for registration in registrations:
        bookings.check_in(registration.id, now=at)
    db.session.commit()


def cancel(registration, *, at: datetime, by=bookings.CancelledBy.ATTENDEE):
    bookings.cancel(registration.id, by=by, now=at)
    db.session.commit()


def local_at(days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
    """``hour:minute`` on the local day ``days_ago`` days before today, as a UTC instant."""
    tz = ZoneInfo(current_app.config["BOOKING_TIMEZONE"])
    today = utcnow().astimezone(tz).date()
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), tzinfo=tz).astimezone(UTC)


def local_day(days_ago: int) -> str:
    tz = ZoneInfo(current_app.config["BOOKING_TIMEZONE"])
    return (utcnow().astimezone(tz).date() - timedelta(days=days_ago)).isoformat()


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download, header first (checks the BOM on the way)."""
    assert response.status_code == 200, response.text[:500]
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def as_dicts(rows: list[list[str]], key_column: int = 0) -> dict[str, dict[str, str]]:
    """CSV rows keyed by one column, each a {header: cell} dict."""
    header, *body = rows
    return {row[key_column]: dict(zip(header, row, strict=True)) for row in body}
