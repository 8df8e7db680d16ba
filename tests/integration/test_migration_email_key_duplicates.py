"""Migration 0005 stops, naming them, on active duplicates SQLite's ASCII-only lower() let through.

SQLite only: PostgreSQL's lower() folds accented capitals under a UTF-8 locale, so its old index
already refused such pairs.
"""

import logging

import pytest
import sqlalchemy as sa

from booking.extensions import db
from tests.integration import test_migrations
from tests.integration.test_migrations import flask_db, registrations_as_of_migration

# The migration tests' fixtures, on SQLite alone.
empty_database_url = test_migrations.empty_database_url
migrating_app = test_migrations.migrating_app


@pytest.fixture
def database():
    return "sqlite"


def test_the_migration_names_the_duplicates_and_changes_nothing(migrating_app, caplog):
    flask_db(migrating_app, "upgrade", "0004")
    registrations_as_of_migration(["zoé@example.org", "ZOÉ@example.org"], person_refs=True, active=True)

    with caplog.at_level(logging.ERROR):
        result = migrating_app.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.exit_code != 0
    assert "session 1: zoé@example.org (2 bookings)" in caplog.text
    # Nothing changed (SQLite's DDL is not transactional): once one booking is cancelled, it migrates.
    assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0004"
    db.session.execute(sa.text("UPDATE registrations SET status = 'cancelled' WHERE email = 'ZOÉ@example.org'"))
    db.session.commit()
    flask_db(migrating_app, "upgrade", "0005")  # this test is about 0005, whatever comes after
    assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0005"


def test_0006_refuses_look_alikes_that_would_become_one_person_on_one_session(migrating_app, caplog):
    flask_db(migrating_app, "upgrade", "0005")
    # Under 0005's lower-casing, a full-width k (U+FF4B) kept these apart; NFKC makes both "kate".
    registrations_as_of_migration(["kate@example.org", "\uff4bate@example.org"], person_refs=True, active=True,
                                  lowered_keys=True)

    with caplog.at_level(logging.ERROR):
        result = migrating_app.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.exit_code != 0
    assert "@example.org (2, session 1)" in caplog.text  # the address itself is masked in logs
    assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0005"
    db.session.execute(sa.text("UPDATE registrations SET status = 'cancelled' WHERE email = :email"),
                       {"email": "\uff4bate@example.org"})
    db.session.commit()
    flask_db(migrating_app, "upgrade")
    keys = db.session.scalars(sa.text("SELECT email_key FROM registrations ORDER BY id")).all()
    assert keys == ["kate@example.org", "kate@example.org"]
