"""Signing out ends the session for good: a copied session cookie or remember cookie is refused afterwards,
and "sign out on all my other devices" ends every other browser's session while this one stays signed in."""

import pytest

from booking.extensions import db
from booking.models import User
from tests.account.helpers import csrf_token_of, sign_in, sign_out

SESSION_COOKIE = "session"
REMEMBER_COOKIE = "remember_token"


def browser(app):
    """Another browser: a client with cookies of its own."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def cookie(client, name: str) -> str:
    held = client.get_cookie(name)
    assert held is not None, f"no {name} cookie"
    return held.value


def with_cookie(app, name: str, value: str):
    """A browser holding only this one cookie (copied from another, as a thief would)."""
    client = browser(app)
    client.set_cookie(name, value)
    return client


def is_signed_in(client) -> bool:
    response = client.get("/account/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


@pytest.fixture
def camille(make):
    return make.user("camille@example.org")


def test_a_copied_session_cookie_is_refused_after_signing_out(app, client, camille):
    sign_in(client, "camille@example.org")
    copied = cookie(client, SESSION_COOKIE)
    assert is_signed_in(with_cookie(app, SESSION_COOKIE, copied))  # the copy works while the session lasts

    sign_out(client)

    assert not is_signed_in(with_cookie(app, SESSION_COOKIE, copied))
    assert not is_signed_in(client)


def test_the_remember_cookie_alone_is_refused_after_signing_out(app, client, camille):
    sign_in(client, "camille@example.org", remember=True)
    remembered = cookie(client, REMEMBER_COOKIE)
    assert is_signed_in(with_cookie(app, REMEMBER_COOKIE, remembered))  # it signs a new browser in, until...

    sign_out(client)

    assert not is_signed_in(with_cookie(app, REMEMBER_COOKIE, remembered))


def test_signing_in_again_after_signing_out_works(client, camille):
    sign_in(client, "camille@example.org", remember=True)
    sign_out(client)

    assert sign_in(client, "camille@example.org").status_code == 302
    assert is_signed_in(client)


def test_sign_out_on_all_other_devices_ends_the_other_browsers_and_keeps_this_one(app, client, camille):
    sign_in(client, "camille@example.org")
    laptop, phone = browser(app), browser(app)
    sign_in(laptop, "camille@example.org")
    sign_in(phone, "camille@example.org", remember=True)
    phone_remember = cookie(phone, REMEMBER_COOKIE)

    response = client.post("/account/sign-out-everywhere")

    assert response.status_code == 303 and response.location == "/account/"
    assert "You are signed out on every other device" in client.get("/account/").text
    assert is_signed_in(client)
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert not is_signed_in(with_cookie(app, REMEMBER_COOKIE, phone_remember))


def test_a_browser_that_was_remembered_stays_remembered_after_signing_out_the_others(app, client, camille):
    sign_in(client, "camille@example.org", remember=True)

    client.post("/account/sign-out-everywhere")

    assert is_signed_in(with_cookie(app, REMEMBER_COOKIE, cookie(client, REMEMBER_COOKIE)))


def test_signing_out_anywhere_changes_the_accounts_nonce_only(client, camille, make):
    other = make.user("zoe@example.org")
    before, others_before = camille.session_nonce, other.session_nonce
    sign_in(client, "camille@example.org")

    sign_out(client)

    db.session.expire_all()
    assert db.session.get(User, camille.id).session_nonce != before
    assert db.session.get(User, other.id).session_nonce == others_before


# -- The account page ------------------------------------------------------------------------------------


def test_the_account_page_shows_who_is_signed_in_and_where_to_go(client, camille):
    sign_in(client, "camille@example.org")

    page = client.get("/account/").text

    assert "<h1>My account</h1>" in page
    assert "Test User" in page and "camille@example.org" in page
    assert 'href="/account/bookings"' in page
    assert 'action="/account/sign-out-everywhere"' in page
    assert 'href="/account/delete"' in page


def test_the_menu_leads_to_the_account_page(client, camille):
    sign_in(client, "camille@example.org")

    assert 'href="/account/"' in client.get("/").text


def test_the_account_page_speaks_french(client, camille):
    sign_in(client, "camille@example.org")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"

    page = client.get("/account/").text

    assert "Mon compte" in page
    assert "Me déconnecter sur tous mes autres appareils" in page


def test_strangers_are_sent_to_sign_in(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response.location.startswith("/account/login?next=")


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_signing_out_the_other_devices_needs_the_pages_csrf_token(app, client, camille, app_config):
    login_page = client.get("/account/login").text
    client.post("/account/login", data={"email": "camille@example.org", "password": "correct horse battery",
                                        "csrf_token": csrf_token_of(login_page)})
    assert is_signed_in(client)
    nonce = db.session.get(User, camille.id).session_nonce

    forged = client.post("/account/sign-out-everywhere")
    db.session.expire_all()
    assert forged.status_code == 400
    assert db.session.get(User, camille.id).session_nonce == nonce

    token = csrf_token_of(client.get("/account/").text)
    assert client.post("/account/sign-out-everywhere", data={"csrf_token": token}).status_code == 303
    db.session.expire_all()
    assert db.session.get(User, camille.id).session_nonce != nonce
