"""Admin: listing, creating, changing the role and teams of, and deactivating accounts."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.mail.outbox import MessageKind
from booking.models import User, utcnow
from booking.services import account_links
from tests.account.helpers import outbox, path_of, sign_in, signed_in_user_id


@pytest.fixture
def admin(client, make):
    user = make.user("admin@example.org", role="admin")
    sign_in(client, user.email)
    return user


def _user(email) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_accounts_are_listed_and_searchable(client, make, admin):
    make.user("camille@example.org")
    make.user("dominique@example.org", role="organiser")
    html = client.get("/admin/accounts").get_data(as_text=True)
    assert "camille@example.org" in html and "dominique@example.org" in html
    html = client.get("/admin/accounts?q=DOMIN").get_data(as_text=True)
    assert "dominique@example.org" in html and "camille@example.org" not in html
    html = client.get("/admin/accounts?role=citizen").get_data(as_text=True)
    assert "camille@example.org" in html and "dominique@example.org" not in html


def test_bad_filters_do_not_break_the_list(client, admin):
    assert client.get("/admin/accounts?role=emperor&page=-3&q=" + "x" * 500).status_code == 200


def test_create_an_organiser_in_teams_who_gets_a_link_to_choose_a_password(client, make, admin):
    upconf, lab = make.team("#UpConf"), make.team("Lab")
    response = client.post("/admin/accounts/new", data={"name": "Alex Dupont", "email": "Alex@Example.org",
                                                        "role": "organiser", "teams": [upconf.id, lab.id]})
    user = _user("alex@example.org")
    assert response.headers["Location"] == f"/admin/accounts/{user.id}"
    assert user.role == "organiser" and {t.name for t in user.teams} == {"#UpConf", "Lab"}
    assert user.password_hash is None
    [message] = outbox(MessageKind.PASSWORD_RESET)
    assert message.recipient == "alex@example.org" and message.payload["welcome"] is True
    client.post("/account/logout")
    path = path_of(message.payload["reset_url"])
    client.post(path, data={"password": "mon tout nouveau secret", "confirm": "mon tout nouveau secret"})
    assert signed_in_user_id(client) == str(user.id)


def test_welcome_link_lasts_a_week_not_an_hour(client, make, admin, monkeypatch):
    client.post("/admin/accounts/new", data={"name": "Alex", "email": "alex@example.org", "role": "organiser"})
    path = path_of(outbox(MessageKind.PASSWORD_RESET)[0].payload["reset_url"])
    in_two_days = utcnow() + timedelta(days=2)
    monkeypatch.setattr(account_links, "utcnow", lambda: in_two_days)
    assert client.get(path).status_code == 200
    in_eight_days = utcnow() + timedelta(days=8)
    monkeypatch.setattr(account_links, "utcnow", lambda: in_eight_days)
    assert client.get(path).status_code == 400


def test_a_citizen_account_cannot_be_put_in_a_team(client, make, admin):
    team = make.team("Lab")
    response = client.post("/admin/accounts/new", data={"name": "Camille", "email": "camille@example.org",
                                                        "role": "citizen", "teams": [team.id]})
    assert "Only organisers and admins belong to teams." in response.get_data(as_text=True)
    assert _user("camille@example.org") is None
    assert outbox() == []


def test_an_address_already_taken_is_a_form_error(client, make, admin):
    make.user("camille@example.org")
    response = client.post("/admin/accounts/new", data={"name": "Camille", "email": "camille@example.org",
                                                        "role": "organiser"})
    assert "An account already exists for this email address." in response.get_data(as_text=True)


def test_unknown_team_or_role_is_a_form_error(client, admin):
    response = client.post("/admin/accounts/new", data={"name": "A", "email": "a@example.org",
                                                        "role": "emperor", "teams": [999]})
    assert response.status_code == 200 and 'id="error-summary"' in response.get_data(as_text=True)
    assert _user("a@example.org") is None


def test_change_a_role(client, make, admin):
    user = make.user("camille@example.org")
    assert client.post(f"/admin/accounts/{user.id}/role", data={"role": "organiser"}).status_code == 302
    db.session.refresh(user)
    assert user.role == "organiser"


def test_becoming_a_citizen_leaves_every_team_organised(client, make, admin):
    user = make.user("orga@example.org", role="organiser", teams=[make.team()])
    client.post(f"/admin/accounts/{user.id}/role", data={"role": "citizen"})
    db.session.refresh(user)
    assert user.role == "citizen" and user.teams == []


def test_admins_cannot_change_their_own_role(client, admin):
    response = client.post(f"/admin/accounts/{admin.id}/role", data={"role": "citizen"})
    assert response.status_code == 422
    assert "You cannot change your own role." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_set_an_organisers_teams(client, make, admin):
    old, new = make.team("Old"), make.team("New")
    user = make.user("orga@example.org", role="organiser", teams=[old])
    assert client.post(f"/admin/accounts/{user.id}/teams", data={"teams": [new.id]}).status_code == 302
    db.session.refresh(user)
    assert [t.name for t in user.teams] == ["New"]


def test_teams_of_a_citizen_are_refused(client, make, admin):
    team = make.team()
    user = make.user("camille@example.org")
    response = client.post(f"/admin/accounts/{user.id}/teams", data={"teams": [team.id]})
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.teams == []


def test_deactivated_account_cannot_sign_in_and_is_signed_out(app, client, make, admin):
    user = make.user("orga@example.org", role="organiser")
    other = app.test_client()
    sign_in(other, "orga@example.org")
    assert client.post(f"/admin/accounts/{user.id}/deactivate").status_code == 302
    db.session.refresh(user)
    assert not user.active
    assert other.get("/account/bookings").status_code == 302  # sent back to sign in
    assert sign_in(app.test_client(), "orga@example.org").status_code == 200  # refused
    client.post(f"/admin/accounts/{user.id}/reactivate")
    db.session.refresh(user)
    assert user.active
    assert sign_in(app.test_client(), "orga@example.org").status_code == 302


def test_admins_cannot_deactivate_themselves(client, admin):
    client.post(f"/admin/accounts/{admin.id}/deactivate")
    db.session.refresh(admin)
    assert admin.active
    assert "You cannot deactivate your own account." in client.get(f"/admin/accounts/{admin.id}").get_data(as_text=True)


def test_the_last_active_admin_cannot_be_demoted_deactivated_or_erased(client, make, admin):
    other = make.user("second@example.org", role="admin")
    other.active = False  # an admin who left: the signed-in admin is the last active one
    db.session.commit()
    from booking.privacy.personal_data import erase_account
    from booking.services import accounts

    for attempt in (lambda: accounts.change_role(admin, "organiser", by=other),
                    lambda: accounts.set_active(admin, False, by=other),
                    lambda: erase_account(admin)):
        with pytest.raises(accounts.LastAdmin):
            attempt()
        db.session.rollback()

    db.session.refresh(admin)
    assert (admin.role, admin.active, admin.email) == ("admin", True, "admin@example.org")


def test_another_admin_can_be_demoted_while_one_remains(client, make, admin):
    other = make.user("second@example.org", role="admin")
    assert client.post(f"/admin/accounts/{other.id}/role", data={"role": "organiser"}).status_code == 302
    db.session.refresh(other)
    assert other.role == "organiser"


def test_an_admin_erases_an_account_and_its_data(client, make, admin):
    user = make.user("leaving@example.org", role="organiser")
    booking = make.registration(make.session(), email="leaving@example.org", name="Léa Partante")

    assert client.post(f"/admin/accounts/{user.id}/erase").status_code == 302

    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert not user.active and user.password_hash is None and "leaving" not in user.email
    assert "Partante" not in db.session.get(type(booking), booking.id).name
    # An admin's own account goes only through /account/delete, with the password.
    client.post(f"/admin/accounts/{admin.id}/erase")
    db.session.refresh(admin)
    assert admin.active and admin.email == "admin@example.org"
