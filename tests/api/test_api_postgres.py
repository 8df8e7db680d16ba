"""The API on PostgreSQL: the same answers, and input PostgreSQL would refuse stopped at the schema."""

from datetime import timedelta

import pytest

from tests.api.conftest import error_of, new_token

pytestmark = pytest.mark.postgres


def test_booking_listing_and_organising_on_postgresql(pg_app, pg_make):
    client = pg_app.test_client()
    team = pg_make.team("#UpConf")
    organiser = pg_make.user("orga@example.org", role="organiser", teams=[team])
    headers = {"Authorization": f"Bearer {new_token(organiser)}"}
    session = pg_make.session(event=pg_make.event(team=team, kind="workshop"), capacity=1, waitlist_enabled=False)

    booked = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "A", "email": "a@example.org"})
    refused = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "B", "email": "b@example.org"})
    listed = client.get("/api/v1/events?kind=workshop&city=saint-ouen&q=rencontre")
    attendees = client.get(f"/api/v1/sessions/{session.id}/registrations", headers=headers)
    more = client.patch(f"/api/v1/sessions/{session.id}", json={"capacity": 5}, headers=headers)

    assert booked.status_code == 201
    assert refused.status_code == 409 and error_of(refused)["code"] == "full"
    assert [e["id"] for e in listed.get_json()["events"]] == [session.event_id]
    assert len(attendees.get_json()["registrations"]) == 1
    assert more.status_code == 200 and more.get_json()["seats_left"] == 4


def test_text_with_nul_and_ids_beyond_integer_range_are_refused_cleanly(pg_app, pg_make):
    client = pg_app.test_client()
    session = pg_make.session(starts_in=timedelta(days=3))

    nul = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "A\x00", "email": "a@example.org"})
    search = client.get("/api/v1/events?q=a%00b")
    venue = client.get(f"/api/v1/events?venue={2**40}")
    path = client.get(f"/api/v1/events/{2**40}")

    assert nul.status_code == 422 and set(error_of(nul)["fields"]) == {"name"}
    # JSON may spell a lone surrogate ("\ud800"), which has no UTF-8 form for the database.
    lone = client.post(f"/api/v1/sessions/{session.id}/registrations", content_type="application/json",
                       data='{"name": "A\\ud800", "email": "b@example.org", "answers": {"1": "\\udfff"}}')
    assert lone.status_code == 422 and set(error_of(lone)["fields"]) == {"name", "answers.1"}
    assert search.status_code == 422 and venue.status_code == 422
    assert path.status_code == 404
