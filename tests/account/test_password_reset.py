"""Password reset by emailed link: same answer for every address, one hour, one use."""

from datetime import timedelta

import pytest
from flask_login.utils import _create_identifier

from booking import links, settings
from booking.extensions import db
from booking.mail.outbox import MessageKind
from booking.models import utcnow
from booking.services import account_links
from tests.account.helpers import PASSWORD, outbox, path_of, sign_in, signed_in_user_id
from tests.auth import without_csrf_tokens

NEW_PASSWORD = "un nouveau mot de passe"


def _ask_for_link(client, email):
    return client.post("/account/password/forgot", data={"email": email})


def _reset_path(email="camille@example.org") -> str:
    [message] = outbox(MessageKind.PASSWORD_RESET, email)
    return path_of(message.payload["reset_url"])


def test_forgot_password_page_shows_the_form(client):
    response = client.get("/account/password/forgot")
    assert response.status_code == 200 and 'name="email"' in response.get_data(as_text=True)


def test_reset_request_answers_the_same_whether_or_not_the_account_exists(client, make):
    make.user("camille@example.org")
    known = _ask_for_link(client, "camille@example.org")
    unknown = _ask_for_link(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    normalise = lambda response, email: without_csrf_tokens(response.get_data(as_text=True)).replace(email, "EMAIL")  # noqa: E731
    assert normalise(known, "camille@example.org") == normalise(unknown, "nobody@example.org")
    assert [m.recipient for m in outbox(MessageKind.PASSWORD_RESET)] == ["camille@example.org"]


def test_reset_email_carries_an_absolute_link_the_name_and_the_language(client, make):
    make.user("camille@example.org")
    with client.session_transaction() as session:
        session["language"] = "en"
    _ask_for_link(client, "Camille@Example.org")
    [message] = outbox(MessageKind.PASSWORD_RESET)
    assert message.payload["reset_url"].startswith("http://guichet.test/account/password/reset/")
    assert message.payload["name"] == "Test User"
    assert message.payload["valid_hours"] == 1
    assert message.locale == "en"


def test_deactivated_account_gets_no_reset_email(client, make):
    user = make.user("gone@example.org")
    user.active = False
    db.session.commit()
    assert _ask_for_link(client, "gone@example.org").status_code == 200
    assert outbox(MessageKind.PASSWORD_RESET) == []


def test_reset_link_sets_a_new_password_and_signs_in(client, make):
    user = make.user("camille@example.org")
    _ask_for_link(client, "camille@example.org")
    path = _reset_path()
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.id)
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert user.email_verified_at is not None  # the link proved the mailbox is theirs


def test_reset_link_works_only_once(client, make):
    make.user("camille@example.org")
    _ask_for_link(client, "camille@example.org")
    path = _reset_path()
    client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/account/logout")
    assert client.get(path).status_code == 400
    again = client.post(path, data={"password": "yet another password", "confirm": "yet another password"})
    assert again.status_code == 400
    assert "expired or has already been used" in again.get_data(as_text=True)
    assert sign_in(client, "camille@example.org", NEW_PASSWORD).status_code == 302


def test_a_newer_reset_kills_older_links(client, make):
    make.user("camille@example.org")
    _ask_for_link(client, "camille@example.org")
    _ask_for_link(client, "camille@example.org")
    first, second = (path_of(m.payload["reset_url"]) for m in outbox(MessageKind.PASSWORD_RESET))
    client.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.post(first, data={"password": "yet another password", "confirm": "yet another password"}).status_code == 400


def test_reset_link_expires_after_an_hour(client, make, monkeypatch):
    make.user("camille@example.org")
    _ask_for_link(client, "camille@example.org")
    path = _reset_path()
    later = utcnow() + timedelta(minutes=59)
    monkeypatch.setattr(account_links, "utcnow", lambda: later)
    assert client.get(path).status_code == 200
    later = utcnow() + timedelta(minutes=61)
    monkeypatch.setattr(account_links, "utcnow", lambda: later)
    assert client.get(path).status_code == 400
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 400


@pytest.mark.parametrize("token", ["not-a-token", "x" * 2000, "eyJ1IjoxfQ.tampered.signature"])
def test_forged_or_garbled_links_are_refused(client, make, token):
    make.user("camille@example.org")
    assert client.get(f"/account/password/reset/{token}").status_code == 400


def test_a_verification_link_is_not_a_reset_link(client, make):
    user = make.user("camille@example.org")
    account_links.send_verification(user, "fr", link=links.verification_link, secret_key=settings.signing_key())
    db.session.commit()
    [message] = outbox("verify_email")
    token = message.payload["verify_url"].rsplit("/", 1)[1]
    assert client.get(f"/account/password/reset/{token}").status_code == 400


def test_weak_new_password_is_refused_and_the_link_still_works(client, make):
    make.user("camille@example.org")
    _ask_for_link(client, "camille@example.org")
    path = _reset_path()
    response = client.post(path, data={"password": "motdepasse123", "confirm": "motdepasse123"})
    assert response.status_code == 200
    assert "too easy to guess" in response.get_data(as_text=True)
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_mismatched_confirmation_is_refused(client, make):
    make.user("camille@example.org")
    _ask_for_link(client, "camille@example.org")
    response = client.post(_reset_path(), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})
    assert response.status_code == 200
    assert "The two passwords differ." in response.get_data(as_text=True)


def test_a_new_password_signs_out_every_other_browser_and_remember_cookie(app, make):
    """Someone who knew the old password and signed in elsewhere is out once it is reset."""
    make.user("camille@example.org")
    intruder, remembered, owner = app.test_client(), app.test_client(), app.test_client()
    sign_in(intruder, "camille@example.org")
    sign_in(remembered, "camille@example.org", remember=True)
    remembered.delete_cookie("session")  # only the remember cookie is left
    assert intruder.get("/account/bookings").status_code == 200
    assert remembered.get("/account/bookings").status_code == 200

    _ask_for_link(owner, "camille@example.org")
    owner.post(_reset_path(), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    remembered.delete_cookie("session")  # again: the remember cookie alone must not sign in either
    for client in (intruder, remembered):
        response = client.get("/account/bookings")
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert owner.get("/account/bookings").status_code == 200  # the browser that reset it stays in


def test_a_session_id_without_the_passwords_fingerprint_signs_no_one_in(app, client, make):
    user = make.user("camille@example.org")
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()  # what "strong" session protection checks, so only the id is wrong

    def signed_in_as(held: str) -> bool:
        with client.session_transaction() as session:
            session.update({"_user_id": held, "_fresh": True, "_id": identifier})
        return client.get("/account/bookings").status_code == 200

    assert signed_in_as(user.get_id())
    for forged in (str(user.id), f"{user.id}:", f"{user.id}:{'0' * 20}", "x:y", ""):
        assert not signed_in_as(forged), forged
