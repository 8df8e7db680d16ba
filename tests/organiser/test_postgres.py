"""The organisers' queries on PostgreSQL too: event list ordering, search, counts, export, a series."""

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Session
from tests.auth import sign_in_as
from tests.organiser.conftest import outbox

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_client(pg_app, pg_make):
    team = pg_make.team("#UpConf")
    organiser = pg_make.user(role="organiser", teams=[team])
    client = pg_app.test_client()
    sign_in_as(client, organiser)
    client.team = team
    return client


def test_the_workspace_works_on_postgresql(pg_client, pg_make):
    event = pg_make.event(team=pg_client.team, title="Visite guidée")
    session = pg_make.session(event=event, capacity=3)
    booked = pg_make.registration(session, seats=2, name="Zoë 100% Lefèvre", email="zoe@example.org")
    pg_make.registration(session, seats=2, name="李雷", email="li@example.org")

    assert "Visite guidée" in pg_client.get("/organiser/").get_data(as_text=True)
    page = pg_client.get(f"/organiser/sessions/{session.id}/attendees?q=100%25").get_data(as_text=True)
    assert "Zoë 100% Lefèvre" in page and "李雷" not in page
    pg_client.post(f"/organiser/registrations/{booked.id}/check-in")
    counts = pg_client.get(f"/organiser/sessions/{session.id}/check-in/counts").get_json()
    assert counts == {"expected_parties": 1, "expected_seats": 2, "arrived_parties": 1, "arrived_seats": 2}
    export = pg_client.get(f"/organiser/sessions/{session.id}/attendees.csv").get_data().decode("utf-8")
    assert "李雷" in export and "Zoë 100% Lefèvre" in export


def test_a_series_and_a_capacity_change_on_postgresql(pg_client, pg_make):
    event = pg_make.event(team=pg_client.team)
    pg_client.post(f"/organiser/events/{event.id}/sessions/new", data={
        "starts_at": "2030-10-19T18:00", "ends_at": "2030-10-19T20:00", "capacity": "1", "waitlist_enabled": "y",
        "max_seats_per_registration": "4", "repeat": "weekly", "count": "3"})
    sessions = db.session.scalars(sa.select(Session).where(Session.event_id == event.id).order_by(Session.starts_at)).all()
    assert [s.starts_at.hour for s in sessions] == [16, 16, 17]  # 18:00 in Paris, before and after 27 October
    first = sessions[0]
    pg_make.registration(first)
    pg_make.registration(first, email="waiting@example.org")

    pg_client.post(f"/organiser/sessions/{first.id}/edit", data={
        "starts_at": "2030-10-19T18:00", "ends_at": "2030-10-19T20:00", "capacity": "2", "waitlist_enabled": "y",
        "max_seats_per_registration": "4"})

    assert [m.recipient for m in outbox("promoted")] == ["waiting@example.org"]


def test_duplicating_and_deleting_on_postgresql(pg_client, pg_make):
    event = pg_make.event(team=pg_client.team, title="Atelier d’hiver", status="draft")
    pg_make.session(event=event, capacity=6)
    event.image_key, event.image_width, event.image_height, event.image_alt = "ab" * 10, 960, 640, "Une affiche"
    db.session.commit()

    response = pg_client.post(f"/organiser/events/{event.id}/duplicate",
                              data={"title": "Atelier d’hiver (bis)", "first_starts_at": "2031-12-06T14:00"})
    copy_id = int(response.location.rsplit("/", 1)[1])

    copy_sessions = db.session.scalars(sa.select(Session.id).where(Session.event_id == copy_id)).all()
    assert len(copy_sessions) == 1
    assert pg_client.post(f"/organiser/sessions/{copy_sessions[0]}/delete").status_code == 302
    assert pg_client.post(f"/organiser/events/{event.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.scalars(sa.select(Session.event_id)).all() == []
    assert db.session.execute(sa.text("SELECT title, image_alt FROM events")).all() == [
        ("Atelier d’hiver (bis)", "Une affiche")]
