"""No-shows per session (event dashboard) and the effect of reconfirmation (reach dashboard)."""

from datetime import timedelta

import pytest

from booking.extensions import db
from booking.models import utcnow
from booking.services import bookings
from booking.services.bookings import reconfirmation
from tests.dashboards.conftest import as_dicts, book, read_csv


@pytest.fixture
def held(any_make):
    """A talk held 10 days ago that asked for reconfirmation 3 days before; 4 seats.

    Ana (2 seats) reconfirmed, Bo and Cy did not answer and were released; Di, waiting, got a seat.
    At the door one of Ana's two seats arrived; Di never came and was marked a no-show.
    """
    make = any_make
    team = make.team()
    event = make.event(team=team, kind="talk")
    starts = utcnow() - timedelta(days=10)
    session = make.session(event=event, capacity=4, starts_at=starts, reconfirm_days_before=3)
    booked_at = starts - timedelta(days=20)
    ana = book(session, at=booked_at, seats=2, email="ana@example.org")
    book(session, at=booked_at, email="bo@example.org")
    book(session, at=booked_at, email="cy@example.org")
    di = book(session, at=booked_at + timedelta(hours=1), email="di@example.org")
    reconfirmation.ask_due(starts - timedelta(days=3))
    bookings.reconfirm(ana.id, now=starts - timedelta(days=2))
    reconfirmation.release_due(starts - timedelta(hours=20))
    bookings.check_in(ana.id, seats=1, now=starts)
    bookings.mark_no_shows(session.id, now=starts + timedelta(hours=3))
    db.session.commit()
    assert db.session.get(type(di), di.id).no_show_at is not None
    return make.user(role="organiser", teams=[team]), event


def test_the_event_dashboard_shows_no_shows_per_session_and_the_seats_released(held, login):
    organiser, event = held
    rows = read_csv(login(organiser).get(f"/organiser/dashboard/events/{event.id}/tables/no_shows.csv"))
    header, session_row, total = rows
    assert header == ["Session", "Seats booked", "Seats checked in", "No-shows", "Bookings marked as no-shows",
                      "Seats released (not reconfirmed)"]
    assert session_row[1:] == ["3", "1", "66.7", "1", "2"]
    assert total[0] == "Total" and total[1:] == ["3", "1", "66.7", "1", "2"]


def test_the_reach_dashboard_shows_the_seats_released_and_re_filled(held, login):
    organiser, _event = held
    rows = as_dicts(read_csv(login(organiser).get("/organiser/dashboard/reach/tables/reconfirmation.csv")))
    assert rows["Talk"] == {"Kind of event": "Talk", "Sessions asking": "1", "Bookings asked": "3",
                            "Reconfirmed": "1", "Seats released": "2", "Seats re-filled from the waiting list": "1",
                            "Share re-filled": "50.0"}
    page = login(organiser).get("/organiser/dashboard/reach").text
    assert "Reconfirmation: seats released and re-filled" in page
