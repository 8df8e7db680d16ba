"""Fixtures: the app, its client and runner, builders of test data, and PostgreSQL.

Each test gets a fresh SQLite file. Tests that need PostgreSQL ask for
``pg_app``: a database of its own is created on the server named by
``GUICHET_TEST_POSTGRES`` and dropped afterwards. Without a server those tests
skip, saying so; under CI (``CI`` set) they fail instead.
"""

import itertools
import os
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g, request_started

from booking import create_app, settings
from booking.extensions import db
from booking.models import Event, Session, Team, User, Venue, utcnow
from booking.models import user as user_model
from booking.services import bookings
from config import TestingConfig
from tests.auth import PASSWORD

POSTGRES_ADMIN_URL = os.environ.get("GUICHET_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = bool(os.environ.get("CI"))


def _build_app(database_url: str, overrides: dict):
    config = {"SQLALCHEMY_DATABASE_URI": database_url, **overrides}

    class Config(TestingConfig):
        pass

    for key, value in config.items():
        setattr(Config, key, value)
    return create_app(Config)


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change settings (e.g. turn CSRF on)."""
    return {}


def _forget_request_globals(_sender, **_extra):
    for name in list(g):
        g.pop(name)


@contextmanager
def _test_app_context(app):
    """The app's context for the whole test, with a fresh ``g`` for every request.

    Requests reuse the test's application context, ``g`` included, unlike a real
    server: Flask-Login's cached ``g._login_user`` and Flask-WTF's ``g.csrf_token``
    would then survive from one request to the next.
    """
    request_started.connect(_forget_request_globals, app)
    try:
        with app.app_context():
            yield
    finally:
        request_started.disconnect(_forget_request_globals, app)


REAL_GENERATE_PASSWORD_HASH = user_model.generate_password_hash


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """scrypt with a small work factor: the same code path, a hundred times faster.

    tests/account/test_passwords.py checks, with the real function, that accounts get the full-strength scheme.
    """

    def quick(password, method="scrypt", salt_length=16):
        return REAL_GENERATE_PASSWORD_HASH(password, "scrypt:1024:8:1" if method == "scrypt" else method, salt_length)

    monkeypatch.setattr(user_model, "generate_password_hash", quick)


@pytest.fixture
def app(tmp_path, app_config):
    app = _build_app(f"sqlite:///{tmp_path / 'guichet.db'}", {"MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
                                                         "IMAGE_STORE_PATH": str(tmp_path / "images"), **app_config})
    with _test_app_context(app):
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    client = app.test_client()
    # French is the default language; tests read the English messages (the msgids) unless they ask for French.
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# -- PostgreSQL ------------------------------------------------------------------


def _postgres_unavailable(reason: str):
    message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({reason}); set GUICHET_TEST_POSTGRES"
    if IN_CI:
        pytest.fail(message + " — required under CI")
    pytest.skip(message)  # no PostgreSQL server here: only its tests are skipped, and never under CI


@pytest.fixture(scope="session")
def postgres_server_url():
    """The admin URL of a reachable PostgreSQL server (skips, or fails under CI, when none is)."""
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure to connect means "not available here"
        _postgres_unavailable(type(error).__name__)
    return POSTGRES_ADMIN_URL


@pytest.fixture
def postgres_url(postgres_server_url):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"guichet_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(postgres_server_url).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_app(postgres_url, tmp_path, app_config):
    app = _build_app(postgres_url, {"MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
                                                         "IMAGE_STORE_PATH": str(tmp_path / "images"), **app_config})
    with _test_app_context(app):
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


# -- Builders ----------------------------------------------------------------------


_guests = itertools.count(1)  # across builders, so two never give the same guest address


class Builders:
    """Small factories for test data; each commits, so requests see it."""

    def __init__(self):
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def team(self, name: str | None = None) -> Team:
        n = self._next()
        team = Team(name=name or f"Team {n}", slug=f"team-{n}-{uuid.uuid4().hex[:6]}")
        db.session.add(team)
        db.session.commit()
        return team

    def venue(self, **fields) -> Venue:
        fields = {"name": "Commune Image", "address": "8 rue Godillot", "city": "Saint-Ouen",
                  "timezone": "Europe/Paris", **fields}
        venue = Venue(**fields)
        db.session.add(venue)
        db.session.commit()
        return venue

    def user(self, email: str | None = None, role: str = "citizen", teams=(), password: str = PASSWORD) -> User:
        user = User(email=email or f"user{self._next()}@example.org", name="Test User", role=role)
        user.set_password(password)
        user.teams = list(teams)
        db.session.add(user)
        db.session.commit()
        return user

    def event(self, *, team: Team | None = None, venue: Venue | None = None, status: str = "published", **fields) -> Event:
        n = self._next()
        fields = {"title": f"Rencontre {n}", "slug": f"rencontre-{n}", "kind": "talk",
                  "description": "Une **rencontre**.", **fields}
        event = Event(team=team or self.team(), venue=venue or self.venue(), status=status, **fields)
        db.session.add(event)
        db.session.commit()
        return event

    def session(self, *, event: Event | None = None, capacity: int = 10, starts_in: timedelta = timedelta(days=7),
                **fields) -> Session:
        starts_at = fields.pop("starts_at", utcnow() + starts_in)
        session = Session(
            event=event or self.event(),
            starts_at=starts_at,
            ends_at=fields.pop("ends_at", starts_at + timedelta(hours=2)),
            capacity=capacity,
            **fields,
        )
        db.session.add(session)
        db.session.commit()
        return session

    def registration(self, session: Session, seats: int = 1, email: str | None = None, *, name: str = "Camille Martin",
                     now=None, group=None, **fields):
        """Book through the booking service and commit, as a view would (in English unless ``locale`` says otherwise;
        ``email=""`` books someone without an address, which only groups may).

        ``now`` books as if it were then; ``group`` makes it an organisers' group booking. Every suite books
        with this one builder (the booking tests through their ``book`` fixture, the dashboards' ``book``).
        """
        fields.setdefault("locale", "en")
        request = bookings.BookingRequest(name=name, email=f"guest{next(_guests)}@example.org" if email is None else email,
                                          seats=seats,
                                          **fields)
        if group is None:
            registration = bookings.book(session.id, request, now=now, key=settings.pseudonym_key())
        else:
            registration = bookings.book_for_group(session.id, request, group, now=now, key=settings.pseudonym_key())
        db.session.commit()
        return registration


@pytest.fixture
def make(app):
    return Builders()


@pytest.fixture
def pg_make(pg_app):
    return Builders()
