"""Admin: each member's role in a team (organiser or door volunteer), shown and changed on the team's page;
the account's page lists the person's teams with their role and changes only the teams they organise."""

import re

import pytest

from booking.extensions import db
from booking.models import MemberRole
from booking.services import accounts
from tests.account.helpers import sign_in


@pytest.fixture
def admin(client, make):
    user = make.user("admin@example.org", role="admin")
    sign_in(client, user.email)
    return user


def role_in(team, user):
    db.session.expire_all()
    return accounts.member_role(team, user)


def test_the_team_page_shows_each_members_role_in_the_team(client, make, admin):
    team = make.team("JAD")
    make.user("orga@example.org", role="organiser", teams=[team])
    volunteer = make.user("benevole@example.org")
    accounts.add_member(team, volunteer, MemberRole.DOOR)
    db.session.commit()
    html = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    assert "(orga@example.org) · Organiser" in html
    assert "(benevole@example.org) · Door volunteer" in html
    assert f'<label class="visually-hidden" for="role-{volunteer.id}">Role of Test User in the team</label>' in html
    french = client.get(f"/admin/teams/{team.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Bénévole à l’entrée" in french


def test_an_admin_makes_an_organiser_a_door_volunteer_and_back(client, make, admin):
    team = make.team("JAD")
    orga = make.user("orga@example.org", role="organiser", teams=[team])
    url = f"/admin/teams/{team.id}/members/{orga.id}/role"
    response = client.post(url, data={"role": "door"}, follow_redirects=True)
    assert "Test User is now: Door volunteer." in response.get_data(as_text=True)
    assert role_in(team, orga) == MemberRole.DOOR
    client.post(url, data={"role": "organiser"})
    assert role_in(team, orga) == MemberRole.ORGANISER


def test_a_citizen_volunteer_cannot_be_made_an_organiser_of_the_team(client, make, admin):
    team = make.team("JAD")
    volunteer = make.user("benevole@example.org")
    accounts.add_member(team, volunteer, MemberRole.DOOR)
    db.session.commit()
    response = client.post(f"/admin/teams/{team.id}/members/{volunteer.id}/role", data={"role": "organiser"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Only organisers and admins belong to teams." in response.get_data(as_text=True)
    assert role_in(team, volunteer) == MemberRole.DOOR


def test_a_wrong_role_or_someone_outside_the_team_changes_nothing(client, make, admin):
    team, other = make.team("JAD"), make.team("H7")
    orga = make.user("orga@example.org", role="organiser", teams=[team])
    response = client.post(f"/admin/teams/{team.id}/members/{orga.id}/role", data={"role": "admin"},
                           follow_redirects=True)
    assert "Choose the role of Test User in the team." in response.get_data(as_text=True)
    assert role_in(team, orga) == MemberRole.ORGANISER
    assert client.post(f"/admin/teams/{other.id}/members/{orga.id}/role", data={"role": "door"}).status_code == 404
    assert client.post(f"/admin/teams/{team.id}/members/999/role", data={"role": "door"}).status_code == 404
    assert role_in(other, orga) is None


def test_the_account_page_lists_teams_with_roles_and_saving_organised_teams_keeps_doors(client, make, admin):
    organised, kept_door, other = make.team("#UpConf"), make.team("JAD"), make.team("H7")
    orga = make.user("orga@example.org", role="organiser", teams=[organised])
    accounts.add_member(kept_door, orga, MemberRole.DOOR)
    db.session.commit()
    html = client.get(f"/admin/accounts/{orga.id}").get_data(as_text=True)
    assert ">#UpConf</a> · Organiser" in html and ">JAD</a> · Door volunteer" in html
    assert "Teams this person organises" in html
    ticked = {int(value) for value in re.findall(r'<input checked [^>]*name="teams" type="checkbox" value="(\d+)"', html)}
    assert ticked == {organised.id}  # the door's team is not ticked: saving the form as shown keeps it a door
    # the form as shown (the organised team ticked), plus H7: the door at JAD stays a door
    assert client.post(f"/admin/accounts/{orga.id}/teams", data={"teams": [organised.id, other.id]}).status_code == 302
    assert role_in(organised, orga) == MemberRole.ORGANISER and role_in(other, orga) == MemberRole.ORGANISER
    assert role_in(kept_door, orga) == MemberRole.DOOR
    # unticking every team leaves the teams organised, not the door; ticking the door's team makes it organised
    client.post(f"/admin/accounts/{orga.id}/teams", data={})
    assert role_in(organised, orga) is None and role_in(other, orga) is None and role_in(kept_door, orga) == MemberRole.DOOR
    client.post(f"/admin/accounts/{orga.id}/teams", data={"teams": [kept_door.id]})
    assert role_in(kept_door, orga) == MemberRole.ORGANISER


def test_a_citizen_volunteers_page_says_where_door_teams_are_changed_and_keeps_them_on_demotion(client, make, admin):
    team = make.team("JAD")
    volunteer = make.user("benevole@example.org")
    accounts.add_member(team, volunteer, MemberRole.DOOR)
    db.session.commit()
    html = client.get(f"/admin/accounts/{volunteer.id}").get_data(as_text=True)
    assert ">JAD</a> · Door volunteer" in html and "on the team's page" in html
    assert "Save the teams" not in html  # a citizen organises no team
    orga = make.user("orga@example.org", role="organiser", teams=[make.team("H7")])
    accounts.add_member(team, orga, MemberRole.DOOR)
    db.session.commit()
    client.post(f"/admin/accounts/{orga.id}/role", data={"role": "citizen"})
    db.session.refresh(orga)
    assert [t.name for t in orga.teams] == ["JAD"] and role_in(team, orga) == MemberRole.DOOR
