"""The API's booking answer shows what was just written without reading it back."""

import pytest
from sqlalchemy.exc import IntegrityError

from booking import database
from booking.extensions import db
from booking.models import Session
from tests.statements import recorded_statements


def statements_during(action) -> list[str]:
    with recorded_statements() as statements:
        action()
    return [statement for statement, _ in statements]


def test_what_was_loaded_stays_readable_after_the_commit_without_a_query(make):
    session = make.session(capacity=10)
    session.event.title = "Rencontre renommée"
    assert session.event.venue.name  # loaded before the commit, as the booking service loads it
    database.commit_keeping_state(db.session())

    assert statements_during(lambda: (session.capacity, session.event.title, session.event.venue.name)) == []
    assert db.session().expire_on_commit is True  # only that commit kept its state
    db.session.expire_all()
    assert db.session.get(Session, session.id).event.title == "Rencontre renommée"


def test_a_failed_commit_puts_expiry_back(make):
    session = make.session(capacity=10)
    session.capacity = -1  # refused by a CHECK when the commit flushes it
    with pytest.raises(IntegrityError):
        database.commit_keeping_state(db.session())
    db.session.rollback()
    assert db.session().expire_on_commit is True


def test_a_booking_through_the_api_is_not_read_back_after_its_commit(client, make):
    session = make.session(capacity=10)
    statements = statements_during(lambda: client.post(
        f"/api/v1/sessions/{session.id}/registrations", json={"name": "Camille", "email": "camille@example.org"}))
    after_insert = statements[max(i for i, s in enumerate(statements) if s.lstrip().startswith("INSERT")) + 1:]
    # Only the waiting list count the answer carries is read after the commit.
    assert [s for s in after_insert if s.lstrip().startswith("SELECT")] == [
        s for s in after_insert if "count(*)" in s]
