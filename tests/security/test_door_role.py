"""The door role, walked against every route: a team's door volunteer opens the check-in of the team's
sessions of the day, checks people in and adds walk-ins; every other page answers 404."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Event, MemberRole, Registration, Session, Team, User, utcnow
from booking.organiser.blueprint import DOOR_ENDPOINTS
from booking.services import accounts
from tests.auth import sign_in_as
from tests.security.test_route_walks import requests_for, snapshot

WALKED_PREFIXES = ("organiser.", "dashboards.", "admin.")


@pytest.fixture
def today(app, make, objects):
    """A session of the objects' team starting now (so of the day), a booking on it, and a volunteer at the door."""
    team = db.session.scalar(sa.select(Team))
    event = db.session.get(Event, objects["event_id"])
    session = make.session(event=event, capacity=10, starts_at=utcnow())
    registration = make.registration(session, email="today@example.org", name="Awa Diallo",
                                     accessibility_needs="Fauteuil", now=session.starts_at - timedelta(hours=1))
    volunteer = make.user("door@example.org")
    accounts.add_member(team, volunteer, MemberRole.DOOR)
    db.session.commit()
    return {**objects, "session_id": session.id, "registration_id": registration.id, "volunteer": volunteer}


def test_the_door_volunteer_opens_the_check_in_of_the_day_and_nothing_else(app, client, today):
    sign_in_as(client, today["volunteer"])
    seen_allowed, seen_hidden = set(), set()

    for method, url, endpoint in requests_for(app, today, lambda e: e.startswith(WALKED_PREFIXES)):
        if method != "GET":
            continue
        status = client.open(url, method=method).status_code
        if endpoint in DOOR_ENDPOINTS:
            assert status == 200, f"{method} {url} answered {status}"
            seen_allowed.add(endpoint)
        else:
            assert status == 404, f"{method} {url} answered {status}"
            seen_hidden.add(endpoint)

    assert seen_allowed == DOOR_ENDPOINTS - {"organiser.mark_arrival", "organiser.walk_in"}
    assert {"organiser.attendees", "organiser.export_attendees", "organiser.message", "organiser.sign_in_sheet",
            "organiser.edit_registration", "dashboards.team", "admin.index"} <= seen_hidden


def test_every_write_but_the_door_s_answers_404_to_the_volunteer_and_changes_nothing(app, client, today):
    sign_in_as(client, today["volunteer"])
    before = snapshot()

    for method, url, endpoint in requests_for(app, today, lambda e: e.startswith(WALKED_PREFIXES)):
        if method == "GET" or endpoint in DOOR_ENDPOINTS:
            continue
        response = client.open(url, method=method, data={"title": "Forged", "name": "Forged", "capacity": "0",
                                                          "email": "forged@example.org", "seats": "1"})
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"

    db.session.rollback()
    assert snapshot() == before


def test_the_volunteer_checks_in_and_adds_walk_ins(app, client, today):
    sign_in_as(client, today["volunteer"])
    assert client.post(f"/organiser/registrations/{today['registration_id']}/check-in").status_code == 302
    response = client.post(f"/organiser/sessions/{today['session_id']}/walk-ins", data={"seats": "2"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, today["registration_id"]).checked_in_at is not None
    assert db.session.get(Session, today["session_id"]).seats_taken == 3


def test_the_volunteer_sees_names_and_needs_but_no_email_and_no_organiser_links(app, client, make, today):
    from booking.services import questions

    event = db.session.get(Session, today["session_id"]).event
    question = questions.add_question(event, questions.QuestionFields(label="Régime", kind="short_text"))
    db.session.commit()
    registration = db.session.get(Registration, today["registration_id"])
    registration.answers = {str(question.id): "Sans gluten"}
    db.session.commit()
    sign_in_as(client, today["volunteer"])
    page = client.get(f"/organiser/sessions/{today['session_id']}/check-in").get_data(as_text=True)
    assert "Awa Diallo" in page and "Fauteuil" in page
    assert "today@example.org" not in page and "Sans gluten" not in page
    assert "/attendees" not in page


def test_the_door_does_not_open_another_day_or_another_team(app, client, make, today):
    sign_in_as(client, today["volunteer"])
    later = db.session.scalar(sa.select(Session).where(Session.id != today["session_id"]).order_by(Session.id))
    assert client.get(f"/organiser/sessions/{later.id}/check-in").status_code == 404
    elsewhere = make.session(event=make.event(), starts_at=utcnow())
    assert client.get(f"/organiser/sessions/{elsewhere.id}/check-in").status_code == 404
    assert client.post(f"/organiser/sessions/{elsewhere.id}/walk-ins", data={"seats": "1"}).status_code == 404


def test_the_door_page_lists_the_sessions_of_the_day_only(app, client, today):
    sign_in_as(client, today["volunteer"])
    page = client.get("/organiser/door").get_data(as_text=True)
    assert page.count("/check-in\"") == 1
    assert f"/organiser/sessions/{today['session_id']}/check-in" in page


def test_a_door_membership_gives_an_organiser_nothing_to_organise_in_that_team(app, client, make, today):
    team = db.session.scalar(sa.select(Team))
    other = make.user("orga2@example.org", role="organiser", teams=[make.team("Autre")])
    accounts.add_member(team, other, MemberRole.DOOR)
    db.session.commit()
    sign_in_as(client, db.session.get(User, other.id))
    assert client.get(f"/organiser/sessions/{today['session_id']}/check-in").status_code == 200
    assert client.get(f"/organiser/sessions/{today['session_id']}/attendees").status_code == 404
    assert client.get(f"/organiser/events/{today['event_id']}").status_code == 404


def test_a_signed_in_person_without_a_door_still_gets_403(app, client, make, today):
    sign_in_as(client, make.user("citizen@example.org"))
    assert client.get("/organiser/door").status_code == 403
    assert client.get(f"/organiser/sessions/{today['session_id']}/check-in").status_code == 403


def test_an_admin_adds_a_door_volunteer_with_any_account(app, client, make, objects):
    team = db.session.scalar(sa.select(Team))
    volunteer = make.user("benevole@example.org")
    sign_in_as(client, make.user("admin@example.org", role="admin"))
    response = client.post(f"/admin/teams/{team.id}/members", data={"email": "benevole@example.org", "role": "door"})
    assert response.status_code == 302
    from booking.services import access

    assert access.door_team_ids(db.session.get(User, volunteer.id)) == [team.id]
