"""Schemathesis against the generated /api/v1/openapi.json, in-process (WSGI), on seeded data.

Hypothesis generates valid and invalid requests for every operation, with an
organiser's token; no answer may be a 5xx, and every answer must match the
status codes, content types and schemas the document declares.
"""

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from booking import create_app
from booking.models import utcnow
from config import TestingConfig
from tests.api.conftest import new_token

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def seeded(make):
    """A small programme whose ids (1, 2, 3...) the generated paths often hit; returns the auth headers."""
    team = make.team("#UpConf")
    organiser = make.user("orga@example.org", role="organiser", teams=[team])
    venue = make.venue()
    published = make.event(team=team, venue=venue)
    open_session = make.session(event=published, capacity=20)
    full = make.session(event=published, capacity=1, waitlist_enabled=True, starts_in=timedelta(days=9))
    make.session(event=make.event(team=team, venue=venue, status="draft"))
    make.session(event=published, registration_closes_at=utcnow() + timedelta(hours=1))
    make.registration(open_session, seats=2)
    make.registration(full)
    make.registration(full)  # waits
    return {"Authorization": f"Bearer {new_token(organiser)}"}


# The document does not depend on data, so it is read once from an app of its own; each test then
# sends its requests to the test's app (with its fresh, seeded database). Loading it through a
# fixture (schemathesis.pytest.from_fixture) would be neater, but fails on pytest 9.2 (node._nodeid).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(TestingConfig))


@pytest.mark.slow
@pytest.mark.timeout(600)
@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_openapi_document_says(case, app, seeded):
    case.call_and_validate(app=app, headers=seeded, checks=CHECKS)
