"""/healthz says the process answers; /readyz that the database answers with the latest schema, or what is wrong."""

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from booking.extensions import db, limiter
from tests.integration.booking_race import build_app
from tests.ops.conftest import flask_cli, migration_heads


@pytest.fixture
def sqlite_app(migrated, tmp_path):
    return migrated(f"sqlite:///{tmp_path / 'guichet.db'}")


def _ready(app):
    response = app.test_client().get("/readyz")
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    return response.status_code, response.get_json()


def test_healthz_answers_ok_without_touching_the_database(app):
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////nonexistent-folder/guichet.db"  # not used: no query is made
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ok_on_a_database_at_the_latest_migration(sqlite_app):
    assert _ready(sqlite_app) == (200, {"status": "ok", "revision": ", ".join(migration_heads(sqlite_app))})


def test_readyz_answers_503_while_a_migration_is_pending(sqlite_app):
    directory = ScriptDirectory(sqlite_app.extensions["migrate"].directory)
    (head,) = directory.get_heads()
    previous = directory.get_revision(head).down_revision
    assert flask_cli(sqlite_app, "db", "downgrade", previous).exit_code == 0  # as if the code were one release ahead

    status, body = _ready(sqlite_app)
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["error"]["code"] == "migrations_pending"
    assert body["error"]["message"] == (f"The database is at revision {previous}; this code needs {head}: "
                                        "run `flask --app wsgi db upgrade`.")

    assert flask_cli(sqlite_app, "db", "upgrade").exit_code == 0
    assert _ready(sqlite_app)[0] == 200


def test_readyz_answers_503_on_a_database_never_migrated(app):
    # The `app` fixture builds its tables with create_all: no migration is recorded.
    status, body = _ready(app)
    assert status == 503
    assert body["error"] == {"code": "migrations_pending",
                             "message": "The database has no schema yet: run `flask --app wsgi db upgrade`."}


def test_readyz_answers_503_on_a_schema_newer_than_the_code(sqlite_app):
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = 'f00d'"))
    db.session.commit()

    status, body = _ready(sqlite_app)
    assert status == 503
    assert body["error"]["code"] == "schema_unknown"
    assert "f00d" in body["error"]["message"]


def test_readyz_answers_503_when_the_sqlite_file_cannot_be_opened(tmp_path):
    app = build_app(f"sqlite:///{tmp_path / 'no-such-folder' / 'guichet.db'}")

    status, body = _ready(app)
    assert status == 503
    assert body == {"status": "unavailable", "error": {
        "code": "database_unreachable", "message": "The database cannot be reached (OperationalError)."}}


@pytest.mark.postgres
def test_readyz_answers_503_when_the_postgresql_database_is_gone(migrated, postgres_url, postgres_server_url):
    app = migrated(postgres_url)
    assert _ready(app)[0] == 200
    name = sa.make_url(postgres_url).database
    admin = sa.create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))  # also cuts the pooled connections
    admin.dispose()

    status, body = _ready(app)
    assert status == 503
    assert body == {"status": "unavailable", "error": {
        "code": "database_unreachable", "message": "The database cannot be reached (OperationalError)."}}
    assert app.test_client().get("/healthz").status_code == 200  # the process itself still answers


def test_readyz_answers_503_when_postgresql_does_not_answer_and_keeps_its_address_to_itself():
    app = build_app("postgresql+psycopg://guichet:s3cret@127.0.0.1:9/guichet")  # nothing listens on port 9

    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "database_unreachable" in text
    assert "s3cret" not in text and "127.0.0.1" not in text and "guichet:" not in text


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_rate_limited(app_for_limits, path):
    client = app_for_limits.test_client()
    assert all(client.get(path).status_code != 429 for _ in range(5))
    statuses = [client.get("/").status_code for _ in range(5)]
    assert 429 in statuses  # the default limit applies to the rest


@pytest.fixture
def app_for_limits(tmp_path):
    app = build_app(f"sqlite:///{tmp_path / 'guichet.db'}", RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    try:
        with app.app_context():
            db.create_all()
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        # The limiter is one object shared by every app, and keeps the first default limits it is given.
        limiter.limit_manager.set_default_limits([])
