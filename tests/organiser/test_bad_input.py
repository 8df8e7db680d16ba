"""Bad input in the organisers' workspace gives a clear answer, never a 500."""

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Question


@pytest.mark.parametrize("url", [
    "/organiser/events/99999999999999999999",
    "/organiser/sessions/2147483648/attendees",
    "/organiser/registrations/0/check-in",
    "/organiser/events/-1",
])
def test_impossible_ids_are_not_found(as_a, url):
    assert as_a.get(url).status_code == 404


def test_odd_query_strings_are_shrugged_off(as_a, session_a):
    assert as_a.get("/organiser/?page=abc").status_code == 200
    assert as_a.get("/organiser/?page=-4").status_code == 200
    long_search = "x" * 5000
    assert as_a.get(f"/organiser/sessions/{session_a.id}/attendees?q={long_search}").status_code == 200
    assert as_a.get(f"/organiser/sessions/{session_a.id}/check-in?q=%00").status_code == 200


def test_control_characters_are_refused_with_a_message(as_a, event_a, team_a, venue, session_a):
    response = as_a.post("/organiser/events/new", data={"team_id": team_a.id, "title": "Nul\x00", "kind": "talk",
                                                        "venue_id": venue.id})
    assert response.status_code == 200 and "special characters" in response.get_data(as_text=True)
    response = as_a.post(f"/organiser/sessions/{session_a.id}/message", data={"subject": "a", "body": "b\x00", "send": "1"})
    assert response.status_code == 200 and "special characters" in response.get_data(as_text=True)


def test_malformed_numbers_and_dates_are_form_errors(as_a, event_a):
    response = as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data={
        "starts_at": "demain", "ends_at": "2030-13-45T99:99", "capacity": "beaucoup",
        "max_seats_per_registration": "1e9", "repeat": "monthly", "count": "-3"})

    assert response.status_code == 200 and 'id="error-summary"' in response.get_data(as_text=True)


def test_a_question_with_an_unknown_kind_is_a_form_error(as_a, event_a):
    response = as_a.post(f"/organiser/events/{event_a.id}/questions", data={"label": "Q", "kind": "file_upload"})

    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 0
