"""Fixtures for the organisers' workspace: two teams, their organisers, and signing in."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage
from tests.auth import sign_in_as


@pytest.fixture
def team_a(make):
    return make.team("#UpConf")


@pytest.fixture
def team_b(make):
    return make.team("Laboratoire des publics")


@pytest.fixture
def organiser_a(make, team_a):
    return make.user(email="alice@upconf.example", role="organiser", teams=[team_a])


@pytest.fixture
def organiser_b(make, team_b):
    return make.user(email="bruno@labo.example", role="organiser", teams=[team_b])


@pytest.fixture
def venue(make):
    return make.venue()


@pytest.fixture
def event_a(make, team_a, venue):
    return make.event(team=team_a, venue=venue, title="Les images qui pensent")


@pytest.fixture
def session_a(make, event_a):
    return make.session(event=event_a, capacity=10)


@pytest.fixture
def as_a(client, organiser_a):
    """The test client, signed in as an organiser of team A."""
    sign_in_as(client, organiser_a)
    return client


@pytest.fixture
def as_b(client, organiser_b):
    """The test client, signed in as an organiser of team B (another team)."""
    sign_in_as(client, organiser_b)
    return client


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return db.session.scalars(query).all()


def paris(*args) -> datetime:
    """A Paris wall-clock time, as the aware UTC instant it is."""
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Europe/Paris")).astimezone(UTC)
