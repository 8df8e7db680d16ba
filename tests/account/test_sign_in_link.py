"""Signing in with a link sent by email: the way in the owner always has, single use and short-lived."""

from datetime import timedelta

import pytest

from booking.extensions import db
from booking.models import utcnow
from booking.services import email_proof
from tests.account.helpers import signed_in_user_id
from tests.privacy.helpers import links_sent_to


def _ask(client, email):
    return client.post("/account/login/link", data={"email": email})


def test_the_login_page_offers_the_emailed_link(client):
    assert 'href="/account/login/link"' in client.get("/account/login").get_data(as_text=True)


def test_the_link_signs_the_owner_in_once(app, client, make):
    user = make.user("claire@example.org", role="organiser")
    assert _ask(client, "Claire@Example.org").status_code == 200
    [link] = links_sent_to("claire@example.org", kind="sign_in_link")

    assert client.get(link).status_code == 200  # a page with a button: scanners spend nothing
    assert signed_in_user_id(client) is None
    assert client.post(link).status_code == 302
    assert signed_in_user_id(client) == str(user.id)

    other = app.test_client()
    assert other.post(link).status_code == 400
    assert signed_in_user_id(other) is None


def test_the_link_confirms_the_address(client, make):
    user = make.user("claire@example.org")
    _ask(client, "claire@example.org")
    client.post(links_sent_to("claire@example.org", kind="sign_in_link")[0])
    db.session.refresh(user)
    assert user.email_verified_at is not None


def test_the_link_expires(client, make, monkeypatch):
    make.user("claire@example.org")
    _ask(client, "claire@example.org")
    [link] = links_sent_to("claire@example.org", kind="sign_in_link")
    later = utcnow() + timedelta(minutes=31)
    monkeypatch.setattr(email_proof, "utcnow", lambda: later)
    assert client.post(link).status_code == 400
    assert signed_in_user_id(client) is None


def test_nothing_is_sent_for_a_deactivated_account(client, make):
    user = make.user("gone@example.org")
    user.active = False
    db.session.commit()
    assert _ask(client, "gone@example.org").status_code == 200
    assert links_sent_to("gone@example.org", kind="sign_in_link") == []


def test_a_link_asked_for_then_deactivated_no_longer_signs_in(client, make):
    user = make.user("gone@example.org")
    _ask(client, "gone@example.org")
    user.active = False
    db.session.commit()
    assert client.post(links_sent_to("gone@example.org", kind="sign_in_link")[0]).status_code == 400


@pytest.mark.parametrize("token", ["x", "x" * 500, "%00", "..%2F"])
def test_malformed_links_answer_400(client, token):
    assert client.get(f"/account/login/link/{token}").status_code in (400, 404)
    assert client.post(f"/account/login/link/{token}").status_code in (400, 404)
