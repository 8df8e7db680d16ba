"""Admin: creating and renaming teams, adding and removing members."""

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Team
from tests.account.helpers import sign_in


@pytest.fixture
def admin(client, make):
    user = make.user("admin@example.org", role="admin")
    sign_in(client, user.email)
    return user


def test_teams_page_lists_teams_with_their_member_count(client, make, admin):
    team = make.team("#UpConf")
    make.user("orga@example.org", role="organiser", teams=[team])
    html = client.get("/admin/teams").get_data(as_text=True)
    assert "#UpConf" in html and "<td>1</td>" in html


def test_create_a_team(client, admin):
    response = client.post("/admin/teams", data={"name": "  Laboratoire des publics "})
    team = db.session.scalar(sa.select(Team))
    assert response.headers["Location"] == f"/admin/teams/{team.id}"
    assert team.name == "Laboratoire des publics" and team.slug == "laboratoire-des-publics"


def test_team_names_are_unique_whatever_their_case(client, make, admin):
    make.team("#UpConf")
    response = client.post("/admin/teams", data={"name": "#upconf"})
    assert response.status_code == 200
    assert "A team with this name already exists." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 1


def test_empty_team_name_is_a_form_error(client, admin):
    response = client.post("/admin/teams", data={"name": "   "})
    assert response.status_code == 200 and 'id="error-summary"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Team)) is None


def test_rename_a_team_keeps_its_slug(client, make, admin):
    team = make.team("H7")
    slug = team.slug
    response = client.post(f"/admin/teams/{team.id}", data={"name": "H7 Lyon"})
    assert response.status_code == 302
    db.session.refresh(team)
    assert team.name == "H7 Lyon" and team.slug == slug


def test_rename_to_another_teams_name_is_refused(client, make, admin):
    make.team("H7")
    team = make.team("JAD")
    response = client.post(f"/admin/teams/{team.id}", data={"name": "h7"})
    assert "A team with this name already exists." in response.get_data(as_text=True)
    db.session.refresh(team)
    assert team.name == "JAD"


def test_add_an_organiser_to_a_team_by_email(client, make, admin):
    team = make.team("JAD")
    orga = make.user("orga@example.org", role="organiser")
    response = client.post(f"/admin/teams/{team.id}/members", data={"email": "ORGA@example.org"})
    assert response.status_code == 302
    db.session.refresh(team)
    assert team.members == [orga]
    assert "orga@example.org" in client.get(f"/admin/teams/{team.id}").get_data(as_text=True)


def test_a_citizen_cannot_join_a_team(client, make, admin):
    team = make.team("JAD")
    make.user("citizen@example.org")
    response = client.post(f"/admin/teams/{team.id}/members", data={"email": "citizen@example.org"})
    assert response.status_code == 422
    assert "Only organisers and admins belong to teams." in response.get_data(as_text=True)
    db.session.refresh(team)
    assert team.members == []


def test_adding_an_unknown_address_is_a_form_error(client, make, admin):
    team = make.team("JAD")
    response = client.post(f"/admin/teams/{team.id}/members", data={"email": "nobody@example.org"})
    assert response.status_code == 422
    assert "No account has this email address." in response.get_data(as_text=True)


def test_remove_a_member(client, make, admin):
    team = make.team("JAD")
    orga = make.user("orga@example.org", role="organiser", teams=[team])
    response = client.post(f"/admin/teams/{team.id}/members/{orga.id}/remove")
    assert response.status_code == 302
    db.session.refresh(team)
    assert team.members == []


def test_removed_organiser_no_longer_sees_the_teams_events(client, make, admin):
    from booking.services import access

    team = make.team("JAD")
    orga = make.user("orga@example.org", role="organiser", teams=[team])
    event = make.event(team=team)
    client.post(f"/admin/teams/{team.id}/members/{orga.id}/remove")
    db.session.refresh(orga)
    with pytest.raises(access.NotFound):
        access.event_for(orga, event.id)


def test_an_admin_sets_and_removes_the_team_s_contact_address(client, make, admin):
    team = make.team("Musée")

    response = client.post(f"/admin/teams/{team.id}/contact", data={"contact_email": " accueil@musee.example "})
    assert response.status_code == 302
    db.session.refresh(team)
    assert team.contact_email == "accueil@musee.example"
    assert 'value="accueil@musee.example"' in client.get(f"/admin/teams/{team.id}").get_data(as_text=True)

    client.post(f"/admin/teams/{team.id}/contact", data={"contact_email": ""})
    db.session.refresh(team)
    assert team.contact_email is None


def test_a_contact_address_that_is_not_one_is_a_form_error(client, make, admin):
    team = make.team("Musée")

    response = client.post(f"/admin/teams/{team.id}/contact", data={"contact_email": "accueil@"})

    assert response.status_code == 422 and 'id="error-summary"' in response.get_data(as_text=True)
    db.session.refresh(team)
    assert team.contact_email is None
