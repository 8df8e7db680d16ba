"""Signing in and out through the real forms."""

import pytest

from booking.i18n import LANGUAGE_SESSION_KEY
from tests.account.helpers import PASSWORD, sign_in, sign_out, signed_in_user_id


def test_sign_in_page_shows_the_form(client):
    response = client.get("/account/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html and 'name="remember"' in html


def test_citizen_signs_in_and_lands_on_my_bookings(client, make):
    user = make.user("camille@example.org")
    response = sign_in(client, "camille@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/bookings"
    assert signed_in_user_id(client) == str(user.id)
    assert client.get("/account/bookings").status_code == 200


def test_email_is_matched_whatever_its_case_and_spaces(client, make):
    user = make.user("camille@example.org")
    sign_in(client, "  Camille@Example.ORG ")
    assert signed_in_user_id(client) == str(user.id)


def test_organiser_lands_in_the_workspace(client, make):
    make.user("orga@example.org", role="organiser", teams=[make.team()])
    response = sign_in(client, "orga@example.org")
    assert response.headers["Location"] == "/organiser/"


def _error_part(response) -> str:
    html = response.get_data(as_text=True)
    start = html.index('id="error-summary"')
    return html[start:html.index("</div>", start)]


def test_unknown_email_and_wrong_password_get_the_same_answer(client, make):
    make.user("camille@example.org")
    unknown = sign_in(client, "nobody@example.org")
    wrong = sign_in(client, "camille@example.org", "not the right password")
    assert unknown.status_code == wrong.status_code == 200
    assert "Wrong email address or password." in _error_part(unknown)
    assert _error_part(unknown) == _error_part(wrong)
    assert signed_in_user_id(client) is None


def test_deactivated_account_cannot_sign_in(client, make, app):
    from booking.extensions import db

    user = make.user("gone@example.org")
    user.active = False
    db.session.commit()
    response = sign_in(client, "gone@example.org")
    assert "Wrong email address or password." in _error_part(response)
    assert signed_in_user_id(client) is None


def test_account_without_password_cannot_sign_in(client, make):
    from booking.extensions import db

    user = make.user("nopassword@example.org")
    user.password_hash = None
    db.session.commit()
    assert "Wrong email address or password." in _error_part(sign_in(client, "nopassword@example.org", "any password at all"))
    assert signed_in_user_id(client) is None


def test_local_next_is_followed(client, make):
    make.user("camille@example.org")
    response = sign_in(client, "camille@example.org", next="/events/3?from=account")
    assert response.headers["Location"] == "/events/3?from=account"


@pytest.mark.parametrize("target", [
    "//evil.example",
    "//evil.example/account",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "/\tevil.example",
    "evil.example",
    "",
])
def test_next_pointing_elsewhere_is_ignored(client, make, target):
    make.user("camille@example.org")
    response = sign_in(client, "camille@example.org", next=target or None)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/bookings"


def test_signed_in_visitor_on_sign_in_page_goes_to_a_safe_next(client, make):
    make.user("camille@example.org")
    sign_in(client, "camille@example.org")
    assert client.get("/account/login?next=//evil.example").headers["Location"] == "/account/bookings"
    assert client.get("/account/login?next=/privacy").headers["Location"] == "/privacy"


def test_sign_in_starts_a_fresh_session_keeping_the_language(client, make):
    make.user("camille@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session[LANGUAGE_SESSION_KEY] = "en"
    sign_in(client, "camille@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session[LANGUAGE_SESSION_KEY] == "en"
        assert session["_user_id"]


def test_remember_me_sets_the_remember_cookie(client, make):
    make.user("camille@example.org")
    sign_in(client, "camille@example.org", remember=True)
    assert client.get_cookie("remember_token") is not None


def test_without_remember_me_no_remember_cookie(client, make):
    make.user("camille@example.org")
    sign_in(client, "camille@example.org")
    assert client.get_cookie("remember_token") is None


def test_remember_cookie_signs_in_again_after_the_session_is_lost(client, make):
    user = make.user("camille@example.org")
    sign_in(client, "camille@example.org", remember=True)
    client.delete_cookie("session")
    assert client.get("/account/bookings").status_code == 200
    assert signed_in_user_id(client) == str(user.id)


def test_sign_out_clears_the_session_and_the_remember_cookie(client, make):
    make.user("camille@example.org")
    sign_in(client, "camille@example.org", remember=True)
    with client.session_transaction() as session:
        session[LANGUAGE_SESSION_KEY] = "en"
    response = sign_out(client)
    assert response.status_code == 302
    assert any(header.startswith("remember_token=;") for header in response.headers.getlist("Set-Cookie"))
    assert client.get_cookie("remember_token") is None
    with client.session_transaction() as session:
        assert "_user_id" not in session
        assert session[LANGUAGE_SESSION_KEY] == "en"
    assert client.get("/account/bookings").status_code == 302  # no way back in without signing in


def test_sign_out_is_post_only(client, make):
    make.user("camille@example.org")
    sign_in(client, "camille@example.org")
    assert client.get("/account/logout").status_code == 405
    assert signed_in_user_id(client) is not None


def test_deactivated_account_is_signed_out_at_its_next_request(client, make):
    from booking.extensions import db

    user = make.user("camille@example.org")
    sign_in(client, "camille@example.org")
    user.active = False
    db.session.commit()
    response = client.get("/account/bookings")
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/login")


def test_my_bookings_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/account/bookings")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login?next=%2Faccount%2Fbookings"


def test_password_is_checked_not_just_the_email(client, make):
    make.user("camille@example.org", password=PASSWORD)
    sign_in(client, "camille@example.org", PASSWORD.upper())
    assert signed_in_user_id(client) is None
