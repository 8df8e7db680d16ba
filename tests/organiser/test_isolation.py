"""Team isolation: every organiser URL, walked from app.url_map, as another team, a citizen and a stranger."""

import pytest
import sqlalchemy as sa
from flask import url_for

from booking.extensions import db
from booking.models import Allocation, Event, OutboxMessage, Registration, Session
from booking.services import bookings
from booking.services import questions as rules
from tests.auth import sign_in_as

IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def team_a_objects(make, event_a, session_a):
    """One real object of team A for each kind of URL argument."""
    registration = make.registration(session_a, email="a-guest@example.org")
    make.registration(make.session(event=event_a, capacity=0), email="waiting@example.org")
    question = rules.add_question(event_a, rules.QuestionFields(label="Q", kind="short_text"))
    allocation = bookings.allocate(session_a.id, bookings.AllocationRequest(
        partner="Foyer", contact_email="foyer@example.org", seats=2, release_at=session_a.starts_at))
    db.session.commit()
    return {"event_id": event_a.id, "session_id": session_a.id, "registration_id": registration.id,
            "question_id": question.id, "allocation_id": allocation.id}


def organiser_rules(app):
    rules_ = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("organiser.")]
    assert len(rules_) > 20  # the walk is only worth something if it sees the workspace
    return rules_


def requests_for(app, objects):
    """(method, url, rule) for every method of every organiser rule, with team A's ids as arguments."""
    for rule in organiser_rules(app):
        unknown = set(rule.arguments) - set(objects)
        assert not unknown, f"{rule.rule}: give this test an object for {unknown}"
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: objects[name] for name in rule.arguments})
        for method in sorted(rule.methods - IGNORED_METHODS):
            yield method, url, rule


def snapshot():
    """What an intrusion could change: statuses, seats, check-ins, titles, questions, emails."""
    return (
        db.session.execute(sa.select(Event.id, Event.status, Event.title, Event.venue_id)).all(),
        db.session.execute(sa.select(Session.id, Session.status, Session.capacity, Session.starts_at,
                                     Session.seats_held)).all(),
        db.session.execute(sa.select(Allocation.id, Allocation.seats, Allocation.released_at,
                                     Allocation.contact_email)).all(),
        db.session.execute(sa.select(Registration.id, Registration.status, Registration.checked_in_at)).all(),
        db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)),
        [(q.id, q.label, q.position) for q in db.session.scalars(sa.select(rules.Question))],
    )


def hostile_form(_objects):
    """A POST body that would do harm if accepted (a valid session, a new capacity, a message...)."""
    return {"title": "Pirate", "kind": "talk", "venue_id": "1", "team_id": "1", "capacity": "0",
            "starts_at": "2031-01-01T10:00", "ends_at": "2031-01-01T12:00", "max_seats_per_registration": "1",
            "label": "Pirate", "direction": "up", "subject": "Pirate", "body": "Pirate", "structure": "Pirate",
            "name": "Pirate", "email": "pirate@example.org", "seats": "1", "locale": "fr", "count": "1",
            "partner": "Pirate", "contact_email": "pirate@example.org", "release_at": "2031-01-01T09:00"}


def test_every_organiser_url_of_team_a_is_not_found_for_team_b(app, client, organiser_b, team_a_objects):
    sign_in_as(client, organiser_b)
    before = snapshot()
    seen = []

    for method, url, rule in requests_for(app, team_a_objects):
        if not rule.arguments:
            continue  # no object in the URL: covered by the tests below
        response = client.open(url, method=method, data=hostile_form(team_a_objects) if method == "POST" else None)
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
        seen.append(rule.endpoint)

    assert snapshot() == before
    assert {"organiser.event", "organiser.export_attendees", "organiser.check_in", "organiser.mark_arrival",
            "organiser.check_in_person", "organiser.cancel_registration", "organiser.delete_question"} <= set(seen)


def test_urls_without_an_object_show_team_b_nothing_of_team_a(client, organiser_b, event_a, team_a, venue):
    sign_in_as(client, organiser_b)

    assert "Les images qui pensent" not in client.get("/organiser/").get_data(as_text=True)
    form = client.get("/organiser/events/new").get_data(as_text=True)
    assert team_a.name not in form
    client.post("/organiser/events/new", data={"team_id": team_a.id, "title": "Pirate", "kind": "talk",
                                               "venue_id": venue.id})
    assert db.session.scalar(sa.select(Event).where(Event.title == "Pirate")) is None


def test_every_organiser_url_sends_a_stranger_to_sign_in(app, client, team_a_objects):
    before = snapshot()

    for method, url, _rule in requests_for(app, team_a_objects):
        response = client.open(url, method=method, data=hostile_form(team_a_objects) if method == "POST" else None)
        assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
        assert "/account/login" in response.location, f"{method} {url} went to {response.location}"

    assert snapshot() == before


def test_every_organiser_url_is_forbidden_to_a_citizen(app, client, make, team_a_objects):
    sign_in_as(client, make.user(email="a-guest@example.org"))  # even the person the booking belongs to
    before = snapshot()

    for method, url, _rule in requests_for(app, team_a_objects):
        response = client.open(url, method=method, data=hostile_form(team_a_objects) if method == "POST" else None)
        assert response.status_code == 403, f"{method} {url} answered {response.status_code}"

    assert snapshot() == before


def test_team_a_itself_can_open_every_page(app, client, organiser_a, team_a_objects):
    """The other side of the walk: the same URLs work for their own team (so the 404s above mean isolation)."""
    sign_in_as(client, organiser_a)

    for method, url, _rule in requests_for(app, team_a_objects):
        if method == "GET":
            response = client.get(url)
            assert response.status_code in (200, 302), f"GET {url} answered {response.status_code}"


def test_an_organiser_of_both_teams_sees_both(client, make, team_a, team_b, event_a, venue):
    make.event(team=team_b, venue=venue, title="Atelier céramique")
    sign_in_as(client, make.user(role="organiser", teams=[team_a, team_b]))

    page = client.get("/organiser/").get_data(as_text=True)

    assert "Les images qui pensent" in page and "Atelier céramique" in page
