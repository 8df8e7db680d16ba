"""Admin: venues, through the events service."""

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.mail.outbox import MessageKind
from booking.models import Venue
from tests.account.helpers import outbox, sign_in

VENUE = {"name": "La Citadelle", "address": "Boulevard Charles Livon", "city": "Marseille",
         "timezone": "Europe/Paris", "accessibility_notes": "Ascenseur côté jardin."}


@pytest.fixture
def admin(client, make):
    user = make.user("admin@example.org", role="admin")
    sign_in(client, user.email)
    return user


def test_create_a_venue(client, admin):
    response = client.post("/admin/venues/new", data=VENUE)
    assert response.headers["Location"] == "/admin/venues"
    venue = db.session.scalar(sa.select(Venue))
    assert (venue.name, venue.city, venue.accessibility_notes) == ("La Citadelle", "Marseille", "Ascenseur côté jardin.")
    assert "La Citadelle" in client.get("/admin/venues").get_data(as_text=True)


def test_unknown_time_zone_is_a_form_error(client, admin):
    response = client.post("/admin/venues/new", data={**VENUE, "timezone": "Europe/Atlantis"})
    assert response.status_code == 200
    assert "Unknown time zone." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Venue)) is None


def test_edit_form_is_filled_with_the_venue(client, make, admin):
    venue = make.venue(name="H7", city="Lyon")
    html = client.get(f"/admin/venues/{venue.id}").get_data(as_text=True)
    assert 'value="H7"' in html and 'value="Lyon"' in html


def test_edit_a_venue(client, make, admin):
    venue = make.venue()
    response = client.post(f"/admin/venues/{venue.id}", data={**VENUE, "timezone": "America/Cayenne"})
    assert response.status_code == 302
    db.session.refresh(venue)
    assert (venue.name, venue.timezone) == ("La Citadelle", "America/Cayenne")


def test_moving_a_venue_sends_updated_invites_for_sessions_to_come(client, make, admin):
    venue = make.venue()
    session = make.session(event=make.event(venue=venue), capacity=1)
    booked = make.registration(session, email="booked@example.org")
    waiting = make.registration(session, email="waiting@example.org")
    sequence = session.sequence
    client.post(f"/admin/venues/{venue.id}", data={**VENUE, "name": venue.name, "timezone": venue.timezone,
                                                    "address": "1 place Neuve", "city": venue.city})
    assert {m.recipient for m in outbox(MessageKind.RESCHEDULED)} == {booked.email, waiting.email}
    db.session.refresh(session)
    assert session.sequence == sequence + 1


def test_changing_only_the_notes_or_zone_sends_nothing(client, make, admin):
    venue = make.venue()
    make.registration(make.session(event=make.event(venue=venue)), email="booked@example.org")
    before = len(outbox())
    client.post(f"/admin/venues/{venue.id}", data={"name": venue.name, "address": venue.address, "city": venue.city,
                                                    "timezone": "Europe/Brussels", "accessibility_notes": "Rampe."})
    assert len(outbox()) == before
