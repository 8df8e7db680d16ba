"""Each dashboard runs a fixed number of SQL statements, however many sessions and bookings there are."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Question, utcnow
from tests.dashboards.conftest import book, cancel, check_in, local_at
from tests.statements import recorded_statements


def statements_for(client, url: str) -> int:
    return len(statements_run(client, url))


def statements_run(client, url: str) -> list[str]:
    with recorded_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    return [statement for statement, _ in statements]


def add_sessions(make, event, count: int):
    """``count`` sessions, past and coming, each with bookings, a waiting list, a check-in and a cancellation."""
    now = utcnow()
    question = event.questions[0]
    for n in range(count):
        starts = now + timedelta(days=(n % 20) - 10, hours=n)
        session = make.session(event=event, capacity=3, starts_at=starts)
        at = local_at(12 + n % 3)
        first = book(session, at=at, seats=2, answers={str(question.id): "Morning"}, accessibility_needs="LSF")
        second = book(session, at=at, seats=1, email=f"again{n % 8}@example.org")  # returning, under the daily cap
        book(session, at=at, seats=2, answers={str(question.id): "Afternoon"})  # waits
        check_in(first, at=starts)
        if n % 2:
            cancel(second, at=at + timedelta(hours=1))


def urls(event) -> list[str]:
    return ["/organiser/dashboard/", "/organiser/dashboard/reach", f"/organiser/dashboard/events/{event.id}",
            f"/organiser/dashboard/events/{event.id}/tables/signups.csv"]


@pytest.fixture
def programme(any_make):
    make = any_make
    team = make.team()
    event = make.event(team=team, kind="workshop")
    db.session.add(Question(event=event, label="When?", kind="choice", choices=["Morning", "Afternoon"]))
    db.session.commit()
    organiser = make.user(role="organiser", teams=[team])
    return event, organiser


def test_statement_count_does_not_grow_with_sessions_or_registrations(any_make, programme, login):
    event, organiser = programme
    client = login(organiser)
    add_sessions(any_make, event, 5)
    small = [statements_for(client, url) for url in urls(event)]

    add_sessions(any_make, event, 45)  # ten times the sessions, ten times the bookings
    large = [statements_for(client, url) for url in urls(event)]

    assert large == small
    assert max(small) <= 14  # the reach dashboard: its figures, then partners and reconfirmation, one statement each


@pytest.mark.postgres
@pytest.mark.parametrize("any_app", ["postgresql"], indirect=True)
def test_dashboards_set_their_plan_settings_before_their_aggregates(any_app, programme, login):
    """JIT off (compiling the aggregates took longer than running them: about 250 ms on the large demo
    data), no parallel workers, room to group in memory, plans for the values given: one statement."""
    event, organiser = programme
    client = login(organiser)
    for url in urls(event):
        statements = statements_run(client, url)
        settings = [index for index, statement in enumerate(statements)
                    if "set_config('jit', 'off', true)" in statement
                    and "set_config('max_parallel_workers_per_gather', '0', true)" in statement]
        aggregates = [index for index, statement in enumerate(statements) if "registrations" in statement]
        assert settings and aggregates and settings[0] < min(aggregates), url


@pytest.mark.postgres
@pytest.mark.parametrize("any_app", ["postgresql"], indirect=True)
def test_the_plan_settings_hold_for_the_dashboards_transaction_only(any_app, programme, login):
    from booking.dashboards.queries import plan_for_reports

    def setting(name: str) -> str:
        return db.session.execute(sa.text(f"SHOW {name}")).scalar()

    names = ("jit", "max_parallel_workers_per_gather", "work_mem", "plan_cache_mode")
    before = [setting(name) for name in names]
    plan_for_reports()
    assert [setting(name) for name in names] == ["off", "0", "32MB", "force_custom_plan"]
    db.session.rollback()
    assert [setting(name) for name in names] == before
