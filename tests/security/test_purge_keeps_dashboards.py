"""`booking purge-personal-data` forgets people but not the figures: every dashboard total is the same after."""

from datetime import timedelta

import pytest

from booking import settings
from booking.dashboards import event as event_dashboard
from booking.dashboards import reach as reach_dashboard
from booking.dashboards import team as team_dashboard
from booking.dashboards.periods import Period, last_months, local_today
from booking.dashboards.queries import Scope
from booking.dashboards.tables import to_csv
from booking.extensions import db
from booking.models import Registration, utcnow
from booking.services import bookings
from booking.services.pseudonyms import is_anonymous_email

PURGE_DAYS = 30
TZ = "Europe/Paris"
# The event dashboard's answers and accessibility needs are personal data: the purge erases them by design.
EVENT_TABLES = ("sessions", "signups", "waitlist", "waitlist_days")


@pytest.fixture
def programme(make):
    """Sessions held long ago (purged), lately (kept) and to come; returning people across them."""
    team = make.team()
    talk = make.event(team=team, kind="talk")
    workshop = make.event(team=team, kind="workshop", venue=make.venue(name="H7", city="Lyon"))
    now = utcnow()
    for event, days in ((talk, -80), (workshop, -60), (talk, -45), (workshop, -12), (talk, -3), (workshop, 5)):
        starts_at = now + timedelta(days=days)
        session = make.session(event=event, starts_at=starts_at, capacity=6)
        booked_at = starts_at - timedelta(days=6, hours=days % 5)
        people = [f"fidele{n}@example.org" for n in range(3)] + [f"new{days}-{n}@example.org" for n in range(3)]
        bookings.book_for_group(session.id, bookings.BookingRequest(name="Référente", email="ref@example.org", seats=2),
                                bookings.GroupBooking(structure="Centre social"), now=booked_at, key=settings.pseudonym_key())
        made = [bookings.book(session.id, bookings.BookingRequest(name="Camille", email=email,
                                                                      accessibility_needs="LSF"),
                              now=booked_at, key=settings.pseudonym_key())
                for email in people]  # four seats left: two people wait
        bookings.cancel(made[1].id, now=booked_at + timedelta(hours=2))  # someone waiting moves up
        if days < 0:
            for registration in made[:3]:
                if registration.is_confirmed:
                    bookings.check_in(registration.id, now=starts_at)
    db.session.commit()
    return make.user(role="organiser", teams=[team]), (talk, workshop)


def figures(app, organiser, events) -> dict[str, bytes]:
    """Every table of the team, reach and event dashboards as CSV, with the summaries."""
    now = utcnow()
    scope = Scope(organiser)
    team_period = Period(local_today(TZ, now) - timedelta(days=120), local_today(TZ, now), TZ)
    with app.test_request_context():
        boards = {"team": team_dashboard.build(scope, team_period, now, lambda event_id: f"/dashboards/events/{event_id}"),
                  "reach": reach_dashboard.build(scope, last_months(12, TZ, now), now)}
        result = {f"{name}:{key}": to_csv(table) for name, board in boards.items()
                  for key, table in board.tables.items()}
        result |= {f"{name}:summary": repr(sorted(board.summary.items())).encode() for name, board in boards.items()}
        for event in events:
            board = event_dashboard.build(event, None, now)
            result |= {f"event-{event.id}:{key}": to_csv(board.tables[key]) for key in EVENT_TABLES}
    return result


def purge(runner) -> None:
    result = runner.invoke(args=["booking", "purge-personal-data", "--older-than", str(PURGE_DAYS)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()


def test_the_purge_anonymises_what_it_should(runner, programme):
    purge(runner)

    old = [r for r in db.session.scalars(db.select(Registration)) if r.session.ends_at < utcnow() - timedelta(days=30)]
    assert old and all(is_anonymous_email(r.email) and r.accessibility_needs == "" for r in old)


@pytest.mark.parametrize("dashboard", ["team:", "event-", "reach:"])
def test_every_figure_of_the_dashboard_is_the_same_after_the_purge(app, runner, programme, dashboard):
    organiser, events = programme
    before = figures(app, organiser, events)

    purge(runner)
    after = figures(app, organiser, events)

    keys = [key for key in before if key.startswith(dashboard)]
    assert keys
    for key in keys:
        assert after[key] == before[key], key
