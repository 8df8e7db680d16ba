"""On PostgreSQL, the team and reach dashboards read their totals from indexes (migration 0022), never by
scanning every registration: plans checked with EXPLAIN on a year of bookings, under the dashboards' own
settings (``queries.REPORT_SETTINGS``). Plans, not timings."""

import random
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from booking.dashboards.queries import REPORT_SETTINGS_SQL
from booking.extensions import db
from booking.models import Registration, Session, utcnow
from tests.statements import recorded_statements

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("any_app", ["postgresql"], indirect=True)]

SESSIONS = 600
PER_SESSION = 30


def a_year_of_bookings(make) -> tuple:
    """Two teams' sessions over the past year and the coming month, 30 bookings each (confirmed, waiting or
    cancelled; some checked in, a few groups and wheelchair users), made in the weeks before each session."""
    teams = [make.team(), make.team()]
    events = [make.event(team=teams[n % 2], kind=("talk", "workshop")[n % 2]) for n in range(20)]
    now = utcnow()
    db.session.execute(sa.insert(Session.__table__), [
        {"event_id": events[n % 20].id, "starts_at": now - timedelta(days=365 - n * 395 / SESSIONS),
         "ends_at": now - timedelta(days=365 - n * 395 / SESSIONS, hours=-2), "capacity": PER_SESSION,
         "seats_taken": 0, "seat_ceiling": PER_SESSION, "status": "scheduled"} for n in range(SESSIONS)])
    sessions = db.session.execute(sa.select(Session.id, Session.starts_at)).all()
    chance = random.Random(21)
    rows = []
    for session_id, starts_at in sessions:
        for n in range(PER_SESSION):
            status = chance.choices(["confirmed", "waitlisted", "cancelled"], [70, 20, 10])[0]
            arrived = status == "confirmed" and starts_at < now and chance.random() < 0.7
            rows.append({
                "session_id": session_id, "name": "Camille", "email": None, "person_ref": chance.randrange(5000),
                "seats": 1 + n % 3, "status": status, "manage_token": f"token-{session_id}-{n}-{'x' * 20}",
                "locale": "fr", "answers": {}, "created_at": starts_at - timedelta(days=chance.uniform(1, 40)),
                "checked_in_at": starts_at if arrived else None, "seats_checked_in": 1 if arrived else 0,
                "partner_structure": "Secours populaire" if n == 0 and session_id % 7 == 0 else None,
                "wheelchair_spaces": 1 if n == 1 and session_id % 11 == 0 else 0})
    db.session.execute(sa.insert(Registration.__table__), rows)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))  # as autovacuum would: statistics and the visibility map
    return teams


def statements_run(client, url: str) -> list[tuple[str, object]]:
    with recorded_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    return statements


def plans(client, url: str) -> dict[str, str]:
    """The plan of each statement of the page that reads registrations, under the dashboards' settings."""
    found = {}
    for statement, parameters in statements_run(client, url):
        if "registrations" not in statement:
            continue
        with db.engine.connect() as connection:
            connection.execute(sa.text(REPORT_SETTINGS_SQL))
            cursor = connection.connection.driver_connection.execute("EXPLAIN " + statement, parameters)
            found[statement] = "\n".join(row[0] for row in cursor)
    return found


def the(plans_of_page: dict[str, str], marker: str) -> str:
    """The plan of the one statement that contains ``marker``."""
    matching = [plan for statement, plan in plans_of_page.items() if marker in statement]
    assert len(matching) == 1, (marker, list(plans_of_page))
    return matching[0]


@pytest.mark.parametrize("role", ["admin", "organiser"])
def test_the_team_and_reach_dashboards_read_registrations_through_indexes(any_app, any_make, login, role):
    teams = a_year_of_bookings(any_make)
    user = any_make.user(role=role, teams=[teams[0]] if role == "organiser" else [])
    client = login(user)
    today = date.today()
    two_years = f"date_from={today - timedelta(days=730)}&date_to={today}"
    team = plans(client, f"/organiser/dashboard/?{two_years}")
    reach = plans(client, f"/organiser/dashboard/reach?{two_years}")

    # Sign-ups per kind and venue group every registration made in the period, here all of them: reading
    # the table itself may then cost no more than reading its index, whichever the planner picks.
    per_kind_and_venue = the(team, "AS cancelled")
    scanned = [statement for statement, plan in {**team, **reach}.items()
               if re.search(r"Seq Scan on registrations\b", plan) and plan != per_kind_and_venue]
    assert scanned == []
    index_only = "Index Only Scan using {} on registrations"
    assert index_only.format("ix_registrations_created_at") in the(team, "steps")  # sign-ups per day or week
    assert index_only.format("ix_registrations_confirmed_by_session") in the(team, "past_sessions")  # attendance
    assert index_only.format("ix_registrations_confirmed_by_session") in the(reach, "sliced_sessions")  # people
    assert "ix_registrations_partner_structure" in the(reach, "partner_structure AS structure")  # group bookings
    assert "ix_registrations_wheelchairs" in the(reach, "wheelchair_spaces")
