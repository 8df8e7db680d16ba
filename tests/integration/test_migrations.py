"""The migrations build the schema the models describe, on SQLite and on PostgreSQL, and undo it."""

import logging.config
import warnings
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from booking import settings
from booking.extensions import db
from booking.services.pseudonyms import anonymous_email, person_ref
from tests.integration.booking_race import build_app

pytestmark = pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])


@pytest.fixture
def empty_database_url(request, database, tmp_path):
    if database == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def migrating_app(empty_database_url, tmp_path, monkeypatch):
    """An app on an empty database (no create_all): only the migrations build its schema."""
    # migrations/env.py calls logging.config.fileConfig, which would reconfigure the root
    # logger other tests listen to (caplog); the migrations themselves do not need it.
    monkeypatch.setattr(logging.config, "fileConfig", lambda *args, **kwargs: None)
    app = build_app(empty_database_url, MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def flask_db(app, *args: str) -> None:
    result = app.test_cli_runner().invoke(args=["db", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def active_email_index_definition() -> str:
    """The SQL of the partial unique index on lower(email), which reflection cannot show."""
    query = {
        "sqlite": "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name",
        "postgresql": "SELECT indexdef FROM pg_indexes WHERE indexname = :name",
    }[db.engine.dialect.name]
    return db.session.scalar(sa.text(query), {"name": "uq_registrations_active_email"}) or ""


def schema_differences() -> list:
    with db.engine.connect() as connection, warnings.catch_warnings():
        # Alembic cannot compare the expression index on lower(email); it says so in a warning.
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_creates_every_table_of_the_models_on_an_empty_database(migrating_app):
    assert table_names() == set()
    flask_db(migrating_app, "upgrade")
    assert table_names() == set(db.metadata.tables) | {"alembic_version"}
    definition = active_email_index_definition().lower()
    assert "unique" in definition and "session_id, email_key" in definition and "where" in definition


def test_models_match_the_migrations(migrating_app):
    flask_db(migrating_app, "upgrade")
    assert schema_differences() == []


def test_migrated_schema_keeps_the_seat_backstop(migrating_app):
    flask_db(migrating_app, "upgrade")
    checks = {check["name"] for check in sa.inspect(db.engine).get_check_constraints("sessions")}
    assert {"ck_sessions_seats_within_ceiling", "ck_sessions_ceiling_covers_capacity"} <= checks


def test_downgrade_to_base_removes_everything_and_upgrade_builds_it_again(migrating_app):
    flask_db(migrating_app, "upgrade")
    flask_db(migrating_app, "downgrade", "base")
    assert table_names() <= {"alembic_version"}
    flask_db(migrating_app, "upgrade")
    assert table_names() == set(db.metadata.tables) | {"alembic_version"}


def test_person_refs_are_filled_in_for_registrations_made_before_they_existed(migrating_app):
    flask_db(migrating_app, "upgrade", "0003")
    emails = ["Camille@Example.org", "camille@example.org", anonymous_email("old@example.org", settings.pseudonym_key()),
              "dom@example.org"]
    registrations_as_of_migration(emails)

    flask_db(migrating_app, "upgrade", "0004")

    refs = dict(db.session.execute(sa.text("SELECT email, person_ref FROM registrations")).all())
    assert refs == {email: person_ref(email, settings.pseudonym_key()) for email in emails}
    assert refs["Camille@Example.org"] == refs["camille@example.org"] != refs["dom@example.org"]
    assert refs[anonymous_email("old@example.org", settings.pseudonym_key())] == person_ref("old@example.org",
                                                                                            settings.pseudonym_key())
    # SQLite rebuilt the table for NOT NULL: its checks and the index on lower(email) came through.
    checks = {check["name"] for check in sa.inspect(db.engine).get_check_constraints("registrations")}
    assert {"ck_registrations_seats_positive", "ck_registrations_status"} <= checks
    assert "lower(email)" in active_email_index_definition().lower().replace("(email)::text", "email")


def test_email_keys_are_filled_in_and_compare_every_letter(migrating_app):
    flask_db(migrating_app, "upgrade", "0004")
    emails = [" Zoé@Example.org", "dom@example.org", "ZOÉ@EXAMPLE.ORG"]
    registrations_as_of_migration(emails, person_refs=True, sessions=3)  # one person, two sessions

    flask_db(migrating_app, "upgrade")

    keys = dict(db.session.execute(sa.text("SELECT email, email_key FROM registrations")).all())
    assert keys == {" Zoé@Example.org": "zoé@example.org", "dom@example.org": "dom@example.org",
                    "ZOÉ@EXAMPLE.ORG": "zoé@example.org"}
    checks = {check["name"] for check in sa.inspect(db.engine).get_check_constraints("registrations")}
    assert {"ck_registrations_seats_positive", "ck_registrations_status"} <= checks
    db.session.rollback()  # SQLite: let the schema comparison's own connection in
    assert schema_differences() == []


def test_promotions_are_dated_from_the_old_inference_and_cancelled_by_takes_known_values(migrating_app):
    flask_db(migrating_app, "upgrade", "0009")
    registrations_as_of_migration(["booked@x.org", "promoted@x.org", "waiting@x.org"], person_refs=True,
                                  active=True, lowered_keys=True)
    booked_at, promoted_at = datetime(2026, 1, 5, 9), datetime(2026, 1, 6, 18)
    db.session.execute(sa.text("UPDATE registrations SET confirmed_at = :at WHERE email = 'booked@x.org'"),
                       {"at": booked_at})
    db.session.execute(sa.text("UPDATE registrations SET confirmed_at = :at WHERE email = 'promoted@x.org'"),
                       {"at": promoted_at})
    db.session.commit()

    flask_db(migrating_app, "upgrade", "0010")

    promoted = dict(db.session.execute(sa.text("SELECT email, promoted_at FROM registrations")).all())
    db.session.rollback()  # SQLite: let the inspector's own connection in
    assert {email for email, at in promoted.items() if at is not None} == {"promoted@x.org"}
    checks = {check["name"] for check in sa.inspect(db.engine).get_check_constraints("registrations")}
    assert {"ck_registrations_cancelled_by", "ck_registrations_status"} <= checks
    assert "calendar_token" not in {column["name"] for column in sa.inspect(db.engine).get_columns("users")}
    definition = active_email_index_definition().lower()
    assert "unique" in definition and "session_id, email_key" in definition and "where" in definition


def registrations_as_of_migration(emails: list[str], *, person_refs: bool = False, sessions: int = 1,
                                   active: bool = False, lowered_keys: bool = False) -> None:
    """Rows as an older schema takes them (the models have columns it lacks), spread over ``sessions``.

    ``lowered_keys``: with the email_key 0005 gave (lower-cased only), for the migrations after it.
    """
    tables = sa.MetaData()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        tables.reflect(db.engine, only=["teams", "venues", "events", "sessions", "registrations"])
    now = datetime(2026, 1, 5, 9)

    def insert(table: str, **values) -> int:
        return db.session.execute(sa.insert(tables.tables[table]).values(**values)).inserted_primary_key[0]

    team = insert("teams", name="Équipe", slug="equipe", created_at=now)
    venue = insert("venues", name="Salle", address="1 rue", city="Lyon", timezone="Europe/Paris",
                   accessibility_notes="", created_at=now)
    event = insert("events", slug="talk", title="Talk", kind="talk", description="", audience_notes="",
                   status="published", team_id=team, venue_id=venue, created_at=now, updated_at=now)
    session_ids = [insert("sessions", event_id=event, starts_at=now, ends_at=now + timedelta(hours=2), capacity=10,
                          seats_taken=4, seat_ceiling=10, waitlist_enabled=True, max_seats_per_registration=4,
                          status="scheduled", sequence=0, created_at=now) for _ in range(sessions)]
    for index, email in enumerate(emails):
        extra = {"person_ref": person_ref(email, settings.pseudonym_key())} if person_refs else {}
        if lowered_keys:
            extra["email_key"] = email.strip().lower()
        insert("registrations", session_id=session_ids[index % sessions], name="X", email=email, seats=1,
               status="confirmed" if active or index % 2 == 0 else "cancelled", manage_token=f"token-{index}",
               locale="fr", answers={}, accessibility_needs="", sequence=0, created_at=now, **extra)
    db.session.commit()
