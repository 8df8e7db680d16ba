"""With CSRF protection on, as in production: sign-in and sign-out need the form's token."""

import pytest

from tests.account.helpers import PASSWORD, csrf_token_of, signed_in_user_id


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _sign_in_with_token(client, email):
    token = csrf_token_of(client.get("/account/login").get_data(as_text=True))
    return client.post("/account/login", data={"email": email, "password": PASSWORD, "csrf_token": token})


def test_sign_in_without_the_token_is_refused(client, make):
    make.user("camille@example.org")
    response = client.post("/account/login", data={"email": "camille@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_sign_in_with_a_forged_token_is_refused(client, make):
    make.user("camille@example.org")
    client.get("/account/login")
    response = client.post("/account/login", data={"email": "camille@example.org", "password": PASSWORD,
                                                   "csrf_token": "forged"})
    assert response.status_code == 400


def test_sign_in_with_the_token_works(client, make):
    make.user("camille@example.org")
    assert _sign_in_with_token(client, "camille@example.org").status_code == 302
    assert signed_in_user_id(client) is not None


def test_sign_out_without_the_token_is_refused_and_keeps_the_session(client, make):
    make.user("camille@example.org")
    _sign_in_with_token(client, "camille@example.org")
    assert client.post("/account/logout").status_code == 400
    assert signed_in_user_id(client) is not None


def test_sign_out_with_the_token_from_the_menu_works(client, make):
    make.user("camille@example.org")
    _sign_in_with_token(client, "camille@example.org")
    page = client.get("/account/bookings").get_data(as_text=True)
    menu = page[page.index('action="/account/logout"'):]
    response = client.post("/account/logout", data={"csrf_token": csrf_token_of(menu)})
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("path", ["/account/signup", "/account/password/forgot", "/account/verify"])
def test_other_account_forms_need_the_token_too(client, path):
    assert client.post(path, data={"email": "camille@example.org"}).status_code == 400
