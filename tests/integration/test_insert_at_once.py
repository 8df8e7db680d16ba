"""``database.insert_at_once``: the booking's one Core INSERT leaves the object as a flush would."""

import pytest
import sqlalchemy as sa

from booking.database import insert_at_once
from booking.extensions import db
from booking.models import Registration, RegistrationStatus, Session, new_secret_token, utcnow
from tests.statements import recorded_statements


def _new_registration(session: Session, **fields) -> Registration:
    fields = {"name": "Inès", "email": "Ines@Example.org", "person_ref": 7, "seats": 2,
              "status": RegistrationStatus.CONFIRMED, "manage_token": new_secret_token(), "answers": {"q": "oui"},
              "access_needs": [], "created_at": utcnow(), **fields}
    return Registration(session=session, **fields)


def test_the_row_is_written_as_set_and_the_object_reads_it_without_a_query(make):
    session = db.session.get(Session, make.session(capacity=10).id)
    registration = _new_registration(session)

    with recorded_statements() as statements:
        insert_at_once(db.session, registration)
        # Every column, the defaults too, is known: reading them costs nothing.
        seen = (registration.id, registration.session_id, registration.email_key, registration.locale,
                registration.sequence, registration.seats_checked_in, registration.cancelled_at, registration.session)
    assert [s for s, _ in statements if s.lstrip().upper().startswith("INSERT")] and len(statements) == 1
    assert seen[1:7] == (session.id, "ines@example.org", "fr", 0, 0, None) and seen[7] is session
    assert registration in db.session and not db.session.dirty and not db.session.new

    db.session.commit()
    row = db.session.execute(sa.select(Registration.__table__).where(Registration.id == registration.id)).one()
    assert (row.session_id, row.email, row.email_key, row.seats, row.answers, row.locale, row.sequence) == (
        session.id, "Ines@Example.org", "ines@example.org", 2, {"q": "oui"}, "fr", 0)


def test_a_change_after_it_is_an_update_of_that_row(make):
    session = db.session.get(Session, make.session(capacity=10).id)
    registration = _new_registration(session)
    insert_at_once(db.session, registration)

    registration.seats_checked_in = 1
    db.session.commit()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
    assert db.session.scalar(sa.select(Registration.seats_checked_in)) == 1


def test_a_column_whose_default_is_computed_must_be_set(make):
    session = db.session.get(Session, make.session(capacity=10).id)
    registration = _new_registration(session)
    del registration.manage_token  # its default draws a new secret: unknown to the object if drawn by Core

    with pytest.raises(ValueError, match="manage_token"):
        insert_at_once(db.session, registration)
