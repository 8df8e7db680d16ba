"""The database itself refuses what the booking rules forbid, should any code bypass the service.

Each test runs on SQLite and on PostgreSQL, with raw SQL that skips the booking service.
"""

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from booking import settings
from booking.extensions import db
from booking.models import Registration, utcnow
from booking.services.pseudonyms import person_ref

pytestmark = pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])


@pytest.fixture
def builders(request, database):
    """The builders on the database under test (the app fixture behind them is pushed)."""
    return request.getfixturevalue("make" if database == "sqlite" else "pg_make")


def refused(sql: str, **params) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(sa.text(sql), params)
        db.session.flush()
    db.session.rollback()


def accepted(sql: str, **params) -> None:
    db.session.execute(sa.text(sql), params)
    db.session.commit()


def numbers(session_id: int) -> tuple[int, int, int]:
    return tuple(db.session.execute(
        sa.text("SELECT capacity, seats_taken, seat_ceiling FROM sessions WHERE id = :id"), {"id": session_id}
    ).one())


def test_seats_taken_cannot_go_above_capacity(builders):
    session_id = builders.session(capacity=30).id
    accepted("UPDATE sessions SET seats_taken = 30 WHERE id = :id", id=session_id)
    refused("UPDATE sessions SET seats_taken = 31 WHERE id = :id", id=session_id)
    refused("UPDATE sessions SET seats_taken = seats_taken + 2 WHERE id = :id", id=session_id)
    assert numbers(session_id) == (30, 30, 30)


def test_seats_taken_cannot_go_below_zero(builders):
    session_id = builders.session(capacity=5).id
    accepted("UPDATE sessions SET seats_taken = 1 WHERE id = :id", id=session_id)
    refused("UPDATE sessions SET seats_taken = seats_taken - 2 WHERE id = :id", id=session_id)
    refused("UPDATE sessions SET seats_taken = -1 WHERE id = :id", id=session_id)
    assert numbers(session_id) == (5, 1, 5)


def test_after_a_capacity_decrease_the_ceiling_holds_the_seats_already_taken_and_no_more(builders):
    session_id = builders.session(capacity=10).id
    accepted("UPDATE sessions SET seats_taken = 8 WHERE id = :id", id=session_id)
    accepted("UPDATE sessions SET capacity = 5, seat_ceiling = 8 WHERE id = :id", id=session_id)
    refused("UPDATE sessions SET seats_taken = 9 WHERE id = :id", id=session_id)
    refused("UPDATE sessions SET seat_ceiling = 7 WHERE id = :id", id=session_id)  # below the seats taken
    refused("UPDATE sessions SET seat_ceiling = 4 WHERE id = :id", id=session_id)  # below the capacity
    assert numbers(session_id) == (5, 8, 8)


def test_capacity_cannot_rise_above_the_ceiling_nor_go_negative(builders):
    session_id = builders.session(capacity=10).id
    refused("UPDATE sessions SET capacity = 11 WHERE id = :id", id=session_id)
    refused("UPDATE sessions SET capacity = -1, seat_ceiling = 0 WHERE id = :id", id=session_id)


def _insert_registration(session_id: int, email: str, status: str = "confirmed") -> None:
    db.session.execute(
        sa.insert(Registration).values(
            session_id=session_id, name="Camille", email=email, person_ref=person_ref(email, settings.pseudonym_key()), seats=1,
            status=status, manage_token=uuid.uuid4().hex, created_at=utcnow(),
        )
    )
    db.session.flush()


def test_two_active_registrations_with_one_email_in_any_case_are_refused(builders):
    session_id = builders.session().id
    _insert_registration(session_id, "Camille@Example.org")
    db.session.commit()
    with pytest.raises(IntegrityError):
        _insert_registration(session_id, "camille@example.ORG", status="waitlisted")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


def test_the_unique_email_index_ignores_cancelled_registrations_and_other_sessions(builders):
    session_id, other_id = builders.session().id, builders.session().id
    _insert_registration(session_id, "camille@example.org", status="cancelled")
    _insert_registration(session_id, "Camille@example.org", status="cancelled")
    _insert_registration(session_id, "CAMILLE@example.org")
    _insert_registration(other_id, "camille@example.org")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 4


def test_a_registration_books_at_least_one_seat(builders):
    session_id = builders.session().id
    refused(
        "INSERT INTO registrations (session_id, name, email, seats, status, manage_token, locale, answers, "
        "accessibility_needs, sequence, created_at) VALUES (:sid, 'A', 'a@example.org', 0, 'confirmed', 'tok', 'fr', "
        "'{}', '', 0, :now)",
        sid=session_id, now=utcnow().replace(tzinfo=None),
    )
