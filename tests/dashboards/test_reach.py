"""Reach: people reached per month, first-timers versus returning people, group bookings."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import current_app

from booking import settings
from booking.extensions import db
from booking.models import utcnow
from booking.services import bookings
from tests.dashboards.conftest import as_dicts, book, cancel, check_in, local_at, read_csv


def group(session, structure: str, seats: int, at, email: str):
    registration = bookings.book_for_group(
        session.id, bookings.BookingRequest(name="Référente", email=email, seats=seats),
        bookings.GroupBooking(structure=structure), now=at, key=settings.pseudonym_key())
    db.session.commit()
    return registration


@pytest.fixture
def reach(any_make):
    """Sessions held 400 (before the period), 70, 40 and 10 days ago, one ahead; people coming once or again.

    alice came 400 days ago and again (returning); bob, carol (two spellings of her email), dan and the two
    partners' referents come for the first time; cancelled, waiting, future and other-team bookings never count.
    """
    make = any_make
    team, other_team = make.team(), make.team()
    event = make.event(team=team, kind="talk")
    theirs = make.event(team=other_team)
    now = utcnow()
    held = {days: make.session(event=event, capacity=50, starts_at=now - timedelta(days=days))
            for days in (400, 70, 40, 10)}
    ahead = make.session(event=event, capacity=50, starts_at=now + timedelta(days=5))
    full = make.session(event=event, capacity=1, starts_at=held[70].starts_at)

    attended = {"alice@example.org": (400, 10), "bob@example.org": (70, 10), "Carol@Example.org": (40,),
                "carol@example.org": (10,), "dan@example.org": (10,)}
    for email, sessions in attended.items():
        for days in sessions:
            book(held[days], at=local_at(days + 1), email=email)
    cancel(book(held[70], at=local_at(75), email="erin@example.org"), at=local_at(72))
    book(full, at=local_at(75), email="bob@example.org")  # bob takes the only seat, so...
    book(full, at=local_at(75), email="erin@example.org")  # ...erin only waits: not reached
    book(ahead, at=local_at(1), email="frank@example.org")  # not held yet
    book(make.session(event=theirs, starts_at=now - timedelta(days=10)), at=local_at(12), email="gina@example.org")
    book(make.session(event=theirs, starts_at=now - timedelta(days=500)), at=local_at(501), email="dan@example.org")

    group(held[70], "Secours populaire", 5, local_at(80), "sp@asso.example")
    check_in(group(held[10], "Secours populaire", 3, local_at(20), "sp@asso.example"))
    group(held[40], "Maison de quartier", 2, local_at(50), "mq@asso.example")
    cancel(group(held[10], "Secours populaire", 4, local_at(20), "sp2@asso.example"), at=local_at(15),
           by=bookings.CancelledBy.ORGANISER)

    # Expected per local month, built from the same dates: who came, and whose first time it was.
    tz = ZoneInfo(current_app.config["BOOKING_TIMEZONE"])

    def month(days):
        return held[days].starts_at.astimezone(tz).strftime("%Y-%m")

    people = {"alice": (10,), "bob": (70, 10), "carol": (40, 10), "dan": (10,), "sp": (70, 10), "mq": (40,)}
    firsts = {"bob": 70, "carol": 40, "dan": 10, "sp": 70, "mq": 40}
    expected = {}
    for person, days_list in people.items():
        for days in days_list:
            reached, new = expected.setdefault(month(days), (set(), set()))
            reached.add(person)
            if firsts.get(person) == days:
                new.add(person)
    organiser = make.user(role="organiser", teams=[team])
    return organiser, {m: (len(r), len(n)) for m, (r, n) in expected.items()}


def test_people_reached_per_month_split_into_first_timers_and_returning(reach, login):
    organiser, expected = reach
    header, *months, total = read_csv(login(organiser).get("/organiser/dashboard/reach/tables/people.csv"))

    assert header == ["Month", "People reached", "First time", "Returning", "Share of first-timers"]
    assert len(months) == 12
    shown = {month: (int(people), int(first)) for month, people, first, _returning, _share in months if people != "0"}
    assert shown == expected
    for _month, people, first, returning, _share in months:
        assert int(people) == int(first) + int(returning)
    # Six people, one of them (alice) known from before the period.
    assert total[:4] == ["Whole period (each person counted once)", "6", "5", "1"]


def test_reach_page_states_the_totals(reach, login):
    organiser, _expected = reach
    page = login(organiser).get("/organiser/dashboard/reach")

    assert page.status_code == 200
    assert "6 people attended at least one session in this period. First time: 5; had come before: 1." in page.text
    assert page.text.count('<svg role="img"') == 2


def test_group_bookings_per_partner_structure(reach, login):
    organiser, _expected = reach
    rows = as_dicts(read_csv(login(organiser).get("/organiser/dashboard/reach/tables/groups.csv")))

    assert rows["Secours populaire"] == {"Partner structure": "Secours populaire", "Bookings": "2", "Sessions": "2",
                                         "Seats booked": "8", "Seats checked in": "3"}
    assert rows["Maison de quartier"]["Seats booked"] == "2"
    assert rows["Total"]["Seats booked"] == "10"
    assert list(rows) == ["Secours populaire", "Maison de quartier", "Total"]


def test_reach_counts_the_wheelchair_spaces_used_by_confirmed_bookings_on_sessions_held(any_make, login):
    make = any_make
    team = make.team()
    event = make.event(team=team)
    held = make.session(event=event, capacity=10, wheelchair_spaces=3, starts_at=utcnow() - timedelta(days=10))
    ahead = make.session(event=event, capacity=10, wheelchair_spaces=3, starts_at=utcnow() + timedelta(days=5))
    book(held, at=local_at(20), seats=2, wheelchair_spaces=1)
    book(held, at=local_at(20), seats=2, wheelchair_spaces=2)
    cancel(book(held, at=local_at(20), seats=1, wheelchair_spaces=1), at=local_at(15))  # given back: not used
    book(ahead, at=local_at(1), seats=1, wheelchair_spaces=1)  # not held yet

    page = login(make.user(role="organiser", teams=[team])).get("/organiser/dashboard/reach")

    assert page.status_code == 200
    assert "<div><dt>Wheelchair spaces used</dt><dd>3</dd></div>" in page.text
