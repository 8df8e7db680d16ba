"""With CSRF protection on (as in production): organiser POSTs need the form's token."""

import re

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Event, Registration


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_a_post_without_the_token_is_refused(as_a, team_a, venue):
    response = as_a.post("/organiser/events/new", data={"team_id": team_a.id, "title": "Sans jeton", "kind": "talk",
                                                        "venue_id": venue.id})

    assert response.status_code == 400
    assert db.session.scalar(sa.select(Event).where(Event.title == "Sans jeton")) is None


def test_an_action_button_without_the_token_is_refused(as_a, make, session_a):
    registration = make.registration(session_a)

    response = as_a.post(f"/organiser/registrations/{registration.id}/check-in")

    assert response.status_code == 400
    assert db.session.get(Registration, registration.id).checked_in_at is None


def test_a_post_with_the_page_s_token_goes_through(as_a, team_a, venue):
    token = _token(as_a.get("/organiser/events/new").get_data(as_text=True))

    response = as_a.post("/organiser/events/new", data={"csrf_token": token, "team_id": team_a.id, "title": "Avec jeton",
                                                        "kind": "talk", "venue_id": venue.id})

    assert response.status_code == 302
    assert db.session.scalar(sa.select(Event).where(Event.title == "Avec jeton")) is not None


def test_a_check_in_button_carries_its_token(as_a, make, session_a):
    registration = make.registration(session_a)
    page = as_a.get(f"/organiser/sessions/{session_a.id}/check-in").get_data(as_text=True)

    as_a.post(f"/organiser/registrations/{registration.id}/check-in", data={"csrf_token": _token(page)})

    assert db.session.get(Registration, registration.id).checked_in_at is not None
