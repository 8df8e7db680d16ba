"""How a request's transaction ends: a read (GET) that went well commits, so that on PostgreSQL psycopg keeps
its prepared statements (it forgets them at every ROLLBACK); anything else rolls back (issue 21)."""

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Event


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture
def endings(any_app) -> list[str]:
    """"commit" or "rollback", each time the engine ends a transaction."""
    seen: list[str] = []
    listeners = {name: (lambda _connection, name=name: seen.append(name)) for name in ("commit", "rollback")}
    for name, listener in listeners.items():
        sa.event.listen(db.engine, name, listener)
    yield seen
    for name, listener in listeners.items():
        sa.event.remove(db.engine, name, listener)


def test_a_read_that_went_well_ends_with_a_commit(any_app, endings):
    response = any_app.test_client().get("/")

    assert response.status_code == 200
    assert endings == ["commit"]


def test_a_request_that_writes_nothing_but_failed_rolls_back(any_app, endings):
    response = any_app.test_client().get("/events/no-such-event")

    assert response.status_code == 404
    assert "commit" not in endings


def test_a_read_with_a_change_pending_rolls_it_back(any_app):
    from tests.conftest import Builders

    event_id = Builders().event(title="Avant").id
    db.session.get(Event, event_id).title = "Changed while reading"  # a GET never means to write this

    any_app.test_client().get("/")

    db.session.expire_all()
    assert db.session.get(Event, event_id).title == "Avant"


@pytest.mark.postgres
def test_on_postgresql_the_programmes_statements_stay_prepared_across_reads(pg_app, pg_make):
    pg_make.session()
    client = pg_app.test_client()
    for _ in range(8):  # psycopg prepares a statement at its fifth run on a connection
        assert client.get("/").status_code == 200

    prepared = db.session.scalars(sa.text("SELECT statement FROM pg_prepared_statements")).all()

    assert any("FROM sessions" in statement for statement in prepared), prepared


def test_a_write_statement_in_a_read_is_rolled_back_and_forgotten_with_its_transaction(any_app, endings):
    from booking import database
    from tests.conftest import Builders

    event_id = Builders().event(title="Avant").id
    db.session.execute(sa.update(Event).where(Event.id == event_id).values(title="Written by a read"))
    database.end_read_transaction(db.session)
    assert db.session.get(Event, event_id).title == "Avant"

    endings.clear()
    database.end_read_transaction(db.session)  # the next read transaction (the get above) wrote nothing
    assert endings == ["commit"]
