"""The programme, the API's event list and the feeds at scale: the same statements on small and large data,
and on PostgreSQL, plans that start from the sessions to come (indexes), never from all of them."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import request_started

from booking.calendar import feeds
from booking.extensions import db
from booking.models import Event, Registration, Session, utcnow
from tests.conftest import Builders, _forget_request_globals
from tests.statements import recorded_statements, without_transaction_control


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture
def make(any_app):
    return Builders()


def pages(feed_token: str) -> list[str]:
    return ["/", "/?kind=workshop", "/?q=atelier&page=1", "/api/v1/events", "/api/v1/events?per_page=2&page=2",
            "/api/v1/events?city=lyon", "/calendar/events.ics", "/calendar/events.ics?kind=workshop",
            f"/calendar/feed/{feed_token}.ics"]


def statements_run(client, url: str, **headers) -> list[tuple[str, object]]:
    with recorded_statements() as statements:
        response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return without_transaction_control(statements)


def programme(make, *, events: int, past_events: int, email: str = "marie@example.org") -> None:
    """``events`` published events with sessions to come (over two teams and two venues, with a waiting
    list and a booking of ``email``), and ``past_events`` whose sessions are all over, with bookings."""
    teams, venues = [make.team(), make.team()], [make.venue(), make.venue(city="Lyon", name="H7")]
    now = utcnow()
    for n in range(events):
        event = make.event(team=teams[n % 2], venue=venues[n % 2], kind=("workshop", "talk")[n % 2],
                           title=f"Atelier {n}")
        first = make.session(event=event, capacity=1, starts_in=timedelta(days=1 + n % 20, hours=n))
        make.session(event=event, starts_in=timedelta(days=30 + n % 20))
        make.registration(first, email=email if n == 0 else None)
        make.registration(first)  # waits
    if not past_events:
        return
    rows = [{"title": f"Atelier passé {n}", "slug": f"passe-{n}", "kind": "workshop", "status": "published",
             "team_id": teams[n % 2].id, "venue_id": venues[n % 2].id, "description": "", "audience_notes": ""}
            for n in range(past_events)]
    db.session.execute(sa.insert(Event.__table__), rows)
    ids = db.session.scalars(sa.select(Event.id).where(Event.slug.like("passe-%"))).all()
    sessions = [{"event_id": event_id, "starts_at": now - timedelta(days=10 + k * 30 + event_id % 300),
                 "ends_at": now - timedelta(days=10 + k * 30 + event_id % 300, hours=-2),
                 "capacity": 20, "seats_taken": 1, "seat_ceiling": 20, "status": "scheduled"}
                for event_id in ids for k in range(5)]
    db.session.execute(sa.insert(Session.__table__), sessions)
    session_ids = db.session.scalars(sa.select(Session.id).where(Session.event_id.in_(ids))).all()
    db.session.execute(sa.insert(Registration.__table__), [
        {"session_id": sid, "name": "Camille", "email": f"past{sid}@example.org", "email_key": f"past{sid}@example.org",
         "person_ref": sid, "seats": 1, "status": "confirmed", "manage_token": f"token-past-{sid:08d}-abcdef",
         "locale": "fr", "answers": {}, "confirmed_at": now - timedelta(days=400)}
        for sid in session_ids])
    db.session.commit()


def counts(client, feed_token: str) -> list[int]:
    return [len(statements_run(client, url)) for url in pages(feed_token)]


def test_each_page_runs_the_same_statements_on_small_and_large_data(any_app, make):
    client = any_app.test_client()
    programme(make, events=4, past_events=0)
    feed = feeds.get_or_create_feed("marie@example.org")
    db.session.commit()
    small = counts(client, feed.token)

    programme(make, events=30, past_events=300)  # more to come over two pages, ten times as much past
    large = counts(client, feed.token)

    assert large == small, (small, large)
    assert dict(zip(pages(feed.token), small, strict=True)) == {
        # the page's events with their count, their sessions with their waiting lists, the venues (and their
        # cities) and the kinds (an admins' table)
        "/": 4, "/?kind=workshop": 4, "/?q=atelier&page=1": 4,
        "/api/v1/events": 3, "/api/v1/events?per_page=2&page=2": 3, "/api/v1/events?city=lyon": 3,
        "/calendar/events.ics": 2, "/calendar/events.ics?kind=workshop": 3,  # (the kind), version, then rows
        f"/calendar/feed/{feed.token}.ics": 3,  # the feed, its state, its bookings (with session, event, venue, team)
    }


def test_an_unchanged_feed_costs_one_statement(any_app, make):
    client = any_app.test_client()
    programme(make, events=3, past_events=20)
    tag = client.get("/calendar/events.ics").headers["ETag"]
    assert len(statements_run(client, "/calendar/events.ics", **{"If-None-Match": tag})) == 1


SEQUENTIAL_SCAN = re.compile(r"Seq Scan on (sessions|registrations)\b")


@pytest.mark.postgres
@pytest.mark.parametrize("any_app", ["postgresql"], indirect=True)
def test_postgresql_plans_start_from_indexes_not_from_every_session(any_app, make):
    programme(make, events=30, past_events=600)
    # Settled as autovacuum keeps a live table (statistics, visibility map): index-only scans are costed as such.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
    feed = feeds.get_or_create_feed("marie@example.org")
    db.session.commit()
    client = any_app.test_client()
    tag = client.get("/calendar/events.ics").headers["ETag"]
    plans = {}
    for url in [*pages(feed.token), "/calendar/events.ics (304)"]:
        path, _, _ = url.partition(" ")
        for statement, parameters in statements_run(client, path, **({"If-None-Match": tag} if "304" in url else {})):
            raw = db.engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("EXPLAIN " + statement, parameters)
                plans[(url, statement)] = "\n".join(row[0] for row in cursor.fetchall())
            finally:
                raw.close()
    scanned = {url: plan for (url, _), plan in plans.items() if SEQUENTIAL_SCAN.search(plan)}
    assert scanned == {}
    upcoming = [plan for (url, statement), plan in plans.items() if url == "/" and "min(sessions.starts_at)" in statement]
    # Each event's next session from the programme's index alone (migration 0023).
    assert upcoming and all("Index Only Scan using ix_sessions_scheduled_by_start" in plan for plan in upcoming)
    version = [plan for (url, _), plan in plans.items() if url == "/calendar/events.ics (304)"]
    assert len(version) == 1 and all(index in version[0] for index in
                                     ("ix_sessions_changed_at", "ix_events_updated_at", "ix_sessions_starts_at"))


FIVE_KINDS = ("talk", "debate", "guided_tour", "workshop", "screening")


@pytest.fixture(params=["per request", "outliving requests"])
def g_lifetime(request, any_app):
    """``g`` fresh for each request (a server), or kept from one request to the next by an app context that
    outlives them (benches, the CLI, the timing tools): the kinds' names must cost one statement either way."""
    if request.param == "outliving requests":
        request_started.disconnect(_forget_request_globals, any_app)
        yield request.param
        request_started.connect(_forget_request_globals, any_app)
    else:
        yield request.param


def test_statements_do_not_grow_with_the_kinds_shown(any_app, make, g_lifetime):
    client = any_app.test_client()
    team, venue = make.team(), make.venue()
    for n in range(5):
        make.session(event=make.event(team=team, venue=venue, kind="talk"), starts_in=timedelta(days=20 + n))
    pages = ["/", "/?page=1&q=rencontre", "/api/v1/events", "/api/v1/events?lang=en"]
    client.get("/")  # the kinds' names read once, and kept in g when it outlives the request
    one_kind = [len(statements_run(client, url)) for url in pages]

    for n, kind in enumerate(FIVE_KINDS):  # sooner: the first page now shows five kinds
        make.session(event=make.event(team=team, venue=venue, kind=kind), starts_in=timedelta(days=1 + n))
    five_kinds = [len(statements_run(client, url)) for url in pages]

    assert five_kinds == one_kind == [4, 4, 3, 3]
    if g_lifetime == "outliving requests":
        return  # Flask-Babel keeps the first request's language in g too: the names below are a server's
    shown = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert all(name in shown for name in ("Conférence", "Débat", "Visite guidée", "Atelier", "Projection"))
    listed = client.get("/api/v1/events?lang=en").get_json()["events"]
    assert {event["kind_name"] for event in listed} == {"Talk", "Debate", "Guided tour", "Workshop", "Screening"}
