"""Schemathesis against the generated /api/v1/openapi.json, in-process (WSGI), on seeded data.

Hypothesis generates valid and invalid requests (positive and negative data) for every operation, with
an organiser's token, and every one of Schemathesis' checks runs on each answer: no 5xx, the statuses,
content types, headers and schemas the document declares, invalid data refused, required bodies and
headers enforced. The stateful test then follows the links between operations (create an event, read
it back with the token, add a session, book it, change it...).
"""

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config._checks import PositiveDataAcceptanceConfig
from schemathesis.generation import GenerationMode

from booking import create_app
from booking.models import utcnow
from config import TestingConfig
from tests.api.conftest import new_token


@pytest.fixture
def seeded(make):
    """A small programme whose ids (1, 2, 3...) the generated paths often hit, and its organiser's token."""
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
    ORGANISER_TOKEN["value"] = new_token(organiser)


# The document does not depend on data, so it is read once from an app of its own; each test then
# sends its requests to the test's app (with its fresh, seeded database). Loading it through a
# fixture (schemathesis.pytest.from_fixture) would be neater, but fails on pytest 9.2 (node._nodeid).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(TestingConfig))
schema.config.generation.update(modes=list(GenerationMode))  # valid and invalid data alike
ORGANISER_TOKEN = {}  # the seeded organiser's, for the test running now


@schema.auth(refresh_interval=None)
class OrganiserToken:
    """Every request carries the seeded organiser's token (a real one: the check of ignored tokens then probes
    with none and with a wrong one itself)."""

    def get(self, case, context):
        return ORGANISER_TOKEN.get("value", "")

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
# A body or query the document allows may still be refused by a rule the document cannot hold (a venue id
# or a kind code that does not exist, an end before the start): 422, as the document says for each.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=[*PositiveDataAcceptanceConfig().expected_statuses, "422"])


@pytest.mark.slow
@pytest.mark.timeout(600)
@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_openapi_document_says(case, app, seeded):
    case.call_and_validate(app=app)  # every check Schemathesis has


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_api_keeps_its_document_across_linked_operations(app, seeded):
    answered = set()

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"app": app}

        def after_call(self, response, case):
            answered.add((case.method, case.path, response.status_code))

    Workflow.run(settings=settings(max_examples=40, stateful_step_count=6, deadline=None, database=None,
                                   derandomize=True, suppress_health_check=list(HealthCheck)))
    # The token was honoured: organisers' operations succeeded (not a run of 401s).
    assert ("GET", "/api/v1/sessions/{session_id}/registrations", 200) in answered, sorted(answered)
    assert {status for _method, path, status in answered if path == "/api/v1/venues"} & {200, 201}, sorted(answered)
