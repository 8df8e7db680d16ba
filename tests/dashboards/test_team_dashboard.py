"""The team dashboard shows exactly the figures of known data, on SQLite and PostgreSQL."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import current_app

from booking.extensions import db
from booking.models import utcnow
from booking.services import bookings
from tests.dashboards.conftest import as_dicts, book, cancel, check_in, local_at, local_day, read_csv


@dataclass
class Programme:
    organiser: object
    other_organiser: object
    talk: object
    workshop: object


@pytest.fixture
def programme(any_make):
    """Two events of team A (a talk at one venue, a workshop at another) and one of team B.

    Sign-ups (local days ago: registrations/seats): 12: 3/4, 10: 5/6, 5: 2/4, 2: 3/4, 1: 3/5.
    """
    make = any_make
    team, other_team = make.team("#UpConf"), make.team("Laboratoire des publics")
    commune, h7 = make.venue(name="Commune Image"), make.venue(name="H7", city="Lyon")
    talk = make.event(team=team, venue=commune, kind="talk", title="Les images qui pensent")
    workshop = make.event(team=team, venue=h7, kind="workshop", title="Atelier VR")
    theirs = make.event(team=other_team, venue=commune, kind="talk", title="Not ours")
    now = utcnow()

    # Coming sessions.
    nearly_empty = make.session(event=talk, capacity=10, starts_at=now + timedelta(days=3))
    book(nearly_empty, at=local_at(2), seats=2)
    later = make.session(event=talk, capacity=10, starts_at=now + timedelta(days=10))
    book(later, at=local_at(2, 23, 30), seats=1)
    cancel(book(later, at=local_at(2, 10), seats=1), at=local_at(2, 11))
    full = make.session(event=workshop, capacity=4, starts_at=now + timedelta(days=5))
    book(full, at=local_at(5), seats=2)
    book(full, at=local_at(5), seats=2)
    for seats in (2, 2, 1):
        assert book(full, at=local_at(1), seats=seats).status == "waitlisted"

    # Past sessions: 4 of 6 seats checked in at the talk; 2 of 2 at one workshop; nobody checked in at the other.
    past_talk = make.session(event=talk, capacity=10, starts_at=now - timedelta(days=3))
    came = [book(past_talk, at=local_at(10), seats=seats) for seats in (1, 1, 2)]
    for _ in range(2):
        book(past_talk, at=local_at(10), seats=1)
    check_in(*came, at=now - timedelta(days=3))
    unchecked = make.session(event=workshop, capacity=10, starts_at=now - timedelta(days=5))
    book(unchecked, at=local_at(12))
    book(unchecked, at=local_at(12))
    checked = make.session(event=workshop, capacity=10, starts_at=now - timedelta(days=6))
    check_in(book(checked, at=local_at(12), seats=2))

    # Outside the period, and another team's: never counted.
    old = make.session(event=talk, capacity=10, starts_at=now - timedelta(days=45))
    book(old, at=local_at(50))
    draft = make.event(team=team, venue=commune, status="draft", title="Not published yet")
    make.session(event=draft, capacity=10, starts_at=now + timedelta(days=2))
    their_session = make.session(event=theirs, capacity=10, starts_at=now + timedelta(days=2))
    book(their_session, at=local_at(2))
    their_past = make.session(event=theirs, capacity=10, starts_at=now - timedelta(days=2))
    check_in(book(their_past, at=local_at(3), seats=3))

    organiser = make.user(role="organiser", teams=[team])
    other_organiser = make.user(role="organiser", teams=[other_team])
    return Programme(organiser, other_organiser, talk, workshop)


def test_signups_per_day_cover_every_day_of_the_last_30_including_zero_days(programme, login):
    rows = read_csv(login(programme.organiser).get("/organiser/dashboard/tables/signups.csv"))

    header, *days, total = rows
    assert header == ["Day", "Sign-ups", "Seats asked for"]
    assert [day for day, *_ in days] == [local_day(n) for n in range(29, -1, -1)]
    counts = {day: (int(n), int(seats)) for day, n, seats in days}
    expected = {local_day(12): (3, 4), local_day(10): (5, 6), local_day(5): (2, 4), local_day(2): (3, 4),
                local_day(1): (3, 5)}
    assert {day: count for day, count in counts.items() if count != (0, 0)} == expected
    assert counts[local_day(3)] == (0, 0)  # a day with no sign-up is there, at zero
    assert total == ["Total", "16", "23"]


def test_upcoming_sessions_show_fill_rate_and_waiting_list(programme, login):
    rows = read_csv(login(programme.organiser).get("/organiser/dashboard/tables/upcoming.csv"))

    header, *sessions = rows
    assert header == ["Event", "Starts", "Venue", "Seats booked", "Capacity", "Fill rate", "Parties waiting",
                      "Seats waiting"]
    figures = [(event, venue, booked, capacity, rate, parties, seats)
               for event, _starts, venue, booked, capacity, rate, parties, seats in sessions]
    assert figures == [
        ("Les images qui pensent", "Commune Image", "2", "10", "20.0", "0", "0"),
        ("Atelier VR", "H7", "4", "4", "100.0", "3", "5"),
        ("Les images qui pensent", "Commune Image", "1", "10", "10.0", "0", "0"),
    ]


def test_sessions_at_risk_are_under_30_percent_full_within_a_week(programme, login):
    header, *rows = read_csv(login(programme.organiser).get("/organiser/dashboard/tables/at_risk.csv"))

    assert [(row[0], row[5]) for row in rows] == [("Les images qui pensent", "20.0")]  # 10 % but in 10 days: not yet


def test_overflowing_sessions_suggest_adding_a_session(programme, login):
    header, *rows = read_csv(login(programme.organiser).get("/organiser/dashboard/tables/overflowing.csv"))

    assert header[-1] == "Suggestion"
    assert [(row[0], row[7], row[8]) for row in rows] == [
        ("Atelier VR", "5", "Add a session: 5 seats are asked for on the waiting list.")]


def test_totals_by_kind_and_by_venue(programme, login):
    client = login(programme.organiser)
    by_kind = as_dicts(read_csv(client.get("/organiser/dashboard/tables/by_kind.csv")))
    by_venue = as_dicts(read_csv(client.get("/organiser/dashboard/tables/by_venue.csv")))

    talk = {"Sign-ups": "8", "Seats booked": "9", "Seats waiting": "0", "Cancelled sign-ups": "1"}
    workshop = {"Sign-ups": "8", "Seats booked": "8", "Seats waiting": "5", "Cancelled sign-ups": "0"}
    assert by_kind["Talk"] | talk == by_kind["Talk"]
    assert by_kind["Workshop"] | workshop == by_kind["Workshop"]
    assert by_kind["Total"]["Sign-ups"] == "16"
    assert by_venue["Commune Image"] | talk == by_venue["Commune Image"]
    assert by_venue["H7"] | workshop == by_venue["H7"]
    assert set(by_kind) == {"Talk", "Workshop", "Total"}


def test_attendance_and_no_shows_count_only_sessions_where_check_in_was_used(programme, login):
    client = login(programme.organiser)
    rows = as_dicts(read_csv(client.get("/organiser/dashboard/tables/attendance.csv")))

    assert rows["Talk"] == {"Kind of event": "Talk", "Past sessions": "1", "Sessions with check-in": "1",
                            "Seats booked (with check-in)": "6", "Seats checked in": "4", "Attendance": "66.7",
                            "No-shows": "33.3"}
    assert rows["Workshop"]["Past sessions"] == "2"
    assert rows["Workshop"]["Sessions with check-in"] == "1"
    assert (rows["Workshop"]["Attendance"], rows["Workshop"]["No-shows"]) == ("100.0", "0.0")
    assert (rows["Total"]["Attendance"], rows["Total"]["No-shows"]) == ("75.0", "25.0")

    page = client.get("/organiser/dashboard/").text
    assert "75\u00a0%" in page or "75%" in page
    assert "1 past session had nobody checked in" in page


def test_the_page_draws_each_chart_with_a_text_alternative(programme, login):
    page = login(programme.organiser).get("/organiser/dashboard/")

    assert page.status_code == 200
    html = page.text
    assert html.count('<svg role="img"') == 4 and html.count('<svg role="group"') == 1  # the one whose bars link
    assert html.count("<desc id=") == 5
    assert "16 sign-ups from" in html
    assert "1 session is at risk of staying nearly empty. 1 session has a long waiting list." in html
    assert "Not ours" not in html
    assert "Not published yet" not in html  # a draft cannot fill yet: no false alarm


def test_another_teams_organiser_sees_only_their_own_figures(programme, login):
    client = login(programme.other_organiser)
    header, *days, total = read_csv(client.get("/organiser/dashboard/tables/signups.csv"))
    upcoming = read_csv(client.get("/organiser/dashboard/tables/upcoming.csv"))
    attendance = as_dicts(read_csv(client.get("/organiser/dashboard/tables/attendance.csv")))

    assert total == ["Total", "2", "4"]
    assert [row[0] for row in upcoming[1:]] == ["Not ours"]
    assert attendance["Total"]["Seats checked in"] == "3"


def test_every_chart_shows_its_title_and_the_period_fields_say_the_days_shown(programme, login):
    client = login(programme.organiser)
    page = client.get("/organiser/dashboard/").get_data(as_text=True)

    charts = page.count("<svg role=")
    assert charts >= 2 and page.count('<figcaption class="dash-chart-title') == charts
    assert f'name="date_from" type="date" value="{local_day(29)}"' in page
    assert f'name="date_to" type="date" value="{local_day(0)}"' in page

    chosen = client.get(f"/organiser/dashboard/?date_from={local_day(9)}").get_data(as_text=True)
    assert f'value="{local_day(9)}"' in chosen and f'name="date_to" type="date" value="{local_day(0)}"' in chosen

    reach = client.get("/organiser/dashboard/reach").get_data(as_text=True)
    assert 'name="date_from" type="date" value="' in reach and 'name="date_from" type="date" value=""' not in reach


def test_the_bars_of_the_coming_sessions_link_to_their_event(programme, login):
    page = login(programme.organiser).get("/organiser/dashboard/").get_data(as_text=True)

    chart = page[page.index('id="chart-upcoming-title"'):]
    chart = chart[:chart.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)"><title>', chart)
    # One per session row, each to its event's dashboard, named by the row (a group of links, not an image).
    assert '<svg role="group"' in page
    assert links == [f"/organiser/dashboard/events/{programme.talk.id}",
                     f"/organiser/dashboard/events/{programme.workshop.id}",
                     f"/organiser/dashboard/events/{programme.talk.id}"]


def test_a_party_partly_arrived_counts_only_the_seats_that_came(any_make, login):
    make = any_make
    team = make.team("#UpConf")
    talk = make.event(team=team, venue=make.venue(name="Commune Image"), kind="talk", title="Les images qui pensent")
    past = make.session(event=talk, capacity=10, starts_at=utcnow() - timedelta(days=3))
    pair = book(past, at=local_at(10), seats=2)
    bookings.check_in(pair.id, seats=1, now=utcnow() - timedelta(days=3))
    db.session.commit()

    client = login(make.user(role="organiser", teams=[team]))
    rows = as_dicts(read_csv(client.get("/organiser/dashboard/tables/attendance.csv")))

    assert rows["Talk"]["Seats booked (with check-in)"] == "2" and rows["Talk"]["Seats checked in"] == "1"
    assert rows["Talk"]["Attendance"] == "50.0"


@pytest.mark.parametrize("first, last, change", [(date(2025, 10, 1), date(2025, 11, 15), date(2025, 10, 26)),
                                                 (date(2026, 3, 1), date(2026, 4, 15), date(2026, 3, 29))])
def test_signups_fall_on_their_local_day_on_either_side_of_a_daylight_saving_change(any_make, login, first, last,
                                                                                    change):
    """The database adds the zone's offset at each instant: just after and just before local midnight, on the
    days around the change and at the period's ends, each sign-up is counted on its own local day."""
    make = any_make
    team = make.team("#UpConf")
    event = make.event(team=team, kind="talk")
    session = make.session(event=event, capacity=100,
                           starts_at=datetime.combine(last + timedelta(days=30), time(18), tzinfo=UTC))
    tz = ZoneInfo(current_app.config["BOOKING_TIMEZONE"])
    days = [first, change - timedelta(days=1), change, change + timedelta(days=1), last]
    for day in days:
        for moment in (time(0, 30), time(23, 30)):
            book(session, at=datetime.combine(day, moment, tzinfo=tz).astimezone(UTC))
    book(session, at=datetime.combine(first, time(0), tzinfo=tz).astimezone(UTC) - timedelta(minutes=1))  # before

    client = login(make.user(role="organiser", teams=[team]))
    rows = read_csv(client.get(f"/organiser/dashboard/tables/signups.csv?date_from={first}&date_to={last}"))

    header, *steps, total = rows
    assert header == ["Day", "Sign-ups", "Seats asked for"]
    assert {day: n for day, n, _seats in steps if n != "0"} == {day.isoformat(): "2" for day in days}
    assert total == ["Total", "10", "10"]
