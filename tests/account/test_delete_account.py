"""Deleting one's own account: signed in, with the password again; never the last admin."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, User
from tests.account.helpers import PASSWORD, sign_in, signed_in_user_id


def test_deleting_needs_to_be_signed_in(client):
    response = client.get("/account/delete")
    assert response.status_code == 302 and response.location.startswith("/account/login")


def test_a_wrong_password_deletes_nothing(client, make):
    user = make.user("awa@example.org")
    sign_in(client, "awa@example.org")
    response = client.post("/account/delete", data={"password": "not my password at all"})
    assert response.status_code == 200 and "Wrong password." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.active and user.email == "awa@example.org"


def test_the_owner_deletes_their_account_and_bookings(client, make):
    user = make.user("awa@example.org")
    booking = make.registration(make.session(), email="awa@example.org", name="Awa Diallo")
    sign_in(client, "awa@example.org")
    assert 'href="/account/delete"' in client.get("/account/bookings").get_data(as_text=True)

    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302

    assert signed_in_user_id(client) is None
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert not user.active and user.password_hash is None and "awa" not in user.email
    erased = db.session.get(Registration, booking.id)
    assert erased.status == "cancelled" and erased.name != "Awa Diallo"
    assert sign_in(client, "awa@example.org").status_code == 200  # refused


def test_the_last_admin_cannot_delete_their_account(client, make):
    admin = make.user("admin@example.org", role="admin")
    sign_in(client, "admin@example.org")
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 200
    assert "last active admin" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.active and admin.role == "admin"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.active.is_(True))) == 1
