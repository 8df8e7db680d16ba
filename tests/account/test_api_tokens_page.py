"""The account page's API tokens: listed (never the secret), created (shown once), revoked (401 at once)."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import ApiToken
from booking.services import api_tokens
from tests.auth import sign_in_as


def organiser(make, email="orga@example.org"):
    return make.user(email, role="organiser", teams=[make.team()])


def test_the_page_lists_tokens_by_name_and_dates_never_the_secret(client, make):
    user = organiser(make)
    _token, secret = api_tokens.create_token(user, "site du JAD")
    db.session.commit()
    sign_in_as(client, user)

    page = client.get("/account/").get_data(as_text=True)

    assert "site du JAD" in page and "Never" in page
    assert secret not in page
    assert api_tokens.hash_token(secret) not in page
    assert 'href="/api/v1/docs"' in page


def test_a_token_created_on_the_page_is_shown_once_and_works(client, make):
    user = organiser(make)
    sign_in_as(client, user)

    response = client.post("/account/api-tokens", data={"name": "mon script"})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    stored = db.session.scalar(sa.select(ApiToken))
    assert stored.label == "mon script" and stored.user_id == user.id
    page = response.get_data(as_text=True)
    secret = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert api_tokens.hash_token(secret) == stored.token_hash
    assert client.get("/api/v1/venues", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert secret not in client.get("/account/").get_data(as_text=True)


def test_a_token_needs_a_name(client, make):
    sign_in_as(client, organiser(make))

    response = client.post("/account/api-tokens", data={"name": "  "})

    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_a_revoked_token_answers_401_at_once(client, make):
    user = organiser(make)
    token, secret = api_tokens.create_token(user, "fuite")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/venues", headers=headers).status_code == 200
    sign_in_as(client, user)

    response = client.post(f"/account/api-tokens/{token.id}/revoke")

    assert response.status_code == 303 and response.location.endswith("/account/#api-tokens")
    assert client.get("/api/v1/venues", headers=headers).status_code == 401
    page = client.get("/account/").get_data(as_text=True)
    assert "fuite" in page and "Revoked on" in page and "is revoked" in page


def test_nobody_revokes_or_sees_someone_elses_token(client, make):
    owner = organiser(make)
    token, secret = api_tokens.create_token(owner, "à moi")
    db.session.commit()
    sign_in_as(client, organiser(make, "other@example.org"))

    assert "à moi" not in client.get("/account/").get_data(as_text=True)
    assert client.post(f"/account/api-tokens/{token.id}/revoke").status_code == 404
    assert client.post("/account/api-tokens/99999999999/revoke").status_code == 404
    assert client.get("/api/v1/venues", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_citizens_have_no_token_section_and_cannot_create_one(client, make):
    sign_in_as(client, make.user("camille@example.org"))

    assert "API tokens" not in client.get("/account/").get_data(as_text=True)
    assert client.post("/account/api-tokens", data={"name": "x"}).status_code == 403
    assert client.post("/account/api-tokens/1/revoke").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_the_command_takes_a_name_and_says_where_to_revoke(runner, make):
    organiser(make)

    result = runner.invoke(args=["booking", "api-token", "orga@example.org", "--name", "billetterie"])

    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(ApiToken.label)) == "billetterie"
    assert "http://guichet.test/account/#api-tokens" in result.stderr
