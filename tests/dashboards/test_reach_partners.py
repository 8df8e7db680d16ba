"""Reach: seats offered to partners (their allocations) and used by them, per partner."""

from datetime import timedelta

from booking import settings
from booking.extensions import db
from booking.models import utcnow
from booking.services import bookings
from tests.dashboards.conftest import as_dicts, read_csv


def _allocate(session, partner, seats, used, at):
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(
        partner=partner, contact_email="contact@asso.example", seats=seats,
        release_at=session.starts_at - timedelta(days=1)), now=at)
    for index in range(used):
        bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(name=f"Personne {index}", email=""),
                                  key=settings.pseudonym_key(), now=at)
    db.session.commit()
    return allocation


def test_seats_offered_to_and_used_by_each_partner(make, login):
    team, other_team = make.team(), make.team()
    event = make.event(team=team)
    now = utcnow()
    first, second = (make.session(event=event, capacity=20, starts_at=now - timedelta(days=days)) for days in (40, 10))
    ahead = make.session(event=event, capacity=20, starts_at=now + timedelta(days=10))
    _allocate(first, "Foyer Les Tilleuls", 6, 4, now - timedelta(days=50))
    _allocate(second, "foyer les tilleuls", 4, 4, now - timedelta(days=20))
    _allocate(second, "École Jaurès", 5, 1, now - timedelta(days=20))
    _allocate(ahead, "Foyer Les Tilleuls", 3, 0, now)  # not held yet: not counted
    _allocate(make.session(event=make.event(team=other_team), capacity=20, starts_at=now - timedelta(days=10)),
              "Foyer Les Tilleuls", 9, 9, now - timedelta(days=20))  # another team's
    organiser = make.user(role="organiser", teams=[team])

    client = login(organiser)
    rows = as_dicts(read_csv(client.get("/organiser/dashboard/reach/tables/partners.csv")))

    assert rows["Foyer Les Tilleuls"] == {"Partner": "Foyer Les Tilleuls", "Sessions": "2", "Seats offered": "10",
                                          "Seats used": "8", "Share used": "80.0"}
    assert rows["École Jaurès"]["Seats used"] == "1"
    assert rows["Total"]["Seats offered"] == "15"
    assert "Seats offered to partners" in client.get("/organiser/dashboard/reach").text
