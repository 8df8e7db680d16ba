"""API tokens: the command that prints one, hashed storage, listing, revoking, last use."""

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import ApiToken, utcnow
from booking.services import api_tokens
from booking.services.errors import NotFound


def test_command_prints_a_token_stored_only_as_its_hash(runner, client, make):
    make.user("orga@example.org", role="organiser", teams=[make.team()])

    result = runner.invoke(args=["booking", "api-token", "ORGA@example.org", "--label", "site du JAD"])

    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert len(secret) >= 43 and "\n" not in secret
    stored = db.session.scalar(sa.select(ApiToken))
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.label == "site du JAD"
    assert client.get("/api/v1/venues", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_command_refuses_unknown_accounts_and_citizens(runner, make):
    make.user("citizen@example.org")

    unknown = runner.invoke(args=["booking", "api-token", "nobody@example.org"])
    citizen = runner.invoke(args=["booking", "api-token", "citizen@example.org"])

    assert unknown.exit_code != 0 and "No account" in unknown.output
    assert citizen.exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_tokens_are_listed_newest_first_and_revoked_one_by_one(make):
    user = make.user(role="organiser", teams=[make.team()])
    older, _ = api_tokens.create_token(user, "old")
    newer, secret = api_tokens.create_token(user, "new")
    db.session.commit()

    assert [t.label for t in api_tokens.list_tokens(user)] == ["new", "old"]
    api_tokens.revoke_token(user, newer.id)
    db.session.commit()

    assert api_tokens.authenticate(secret) is None
    assert newer.revoked_at is not None and older.revoked_at is None


def test_someone_elses_token_cannot_be_revoked(make):
    owner = make.user(role="organiser", teams=[make.team()])
    stranger = make.user(role="organiser", teams=[make.team()])
    token, _ = api_tokens.create_token(owner)

    for token_id in (token.id, 2**40):
        with pytest.raises(NotFound):
            api_tokens.revoke_token(stranger, token_id)


def test_last_use_is_recorded_at_most_once_a_minute(client, make):
    user = make.user(role="organiser", teams=[make.team()])
    token, secret = api_tokens.create_token(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}

    client.get("/api/v1/venues", headers=headers)
    first_use = db.session.get(ApiToken, token.id).last_used_at
    client.get("/api/v1/venues", headers=headers)
    unchanged = db.session.get(ApiToken, token.id).last_used_at

    assert first_use is not None and unchanged == first_use
    token.last_used_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    client.get("/api/v1/venues", headers=headers)
    assert db.session.get(ApiToken, token.id).last_used_at > first_use


def test_overlong_secrets_are_refused_without_a_lookup(make):
    assert api_tokens.authenticate("x" * 500) is None
    assert api_tokens.authenticate("") is None
