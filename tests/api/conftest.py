"""Fixtures for the JSON API: an organiser with a token, and small request helpers."""

from dataclasses import dataclass
from datetime import datetime

import pytest

from booking.extensions import db
from booking.services import api_tokens


@dataclass
class Organiser:
    user: object
    team: object
    token: str

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


def new_token(user) -> str:
    _row, secret = api_tokens.create_token(user)
    db.session.commit()
    return secret


@pytest.fixture
def organiser(make) -> Organiser:
    team = make.team("#UpConf")
    user = make.user("orga@example.org", role="organiser", teams=[team])
    return Organiser(user=user, team=team, token=new_token(user))


@pytest.fixture
def other_organiser(make) -> Organiser:
    team = make.team("Laboratoire des publics")
    user = make.user("labo@example.org", role="organiser", teams=[team])
    return Organiser(user=user, team=team, token=new_token(user))


def has_offset(value: str) -> bool:
    """An ISO 8601 timestamp that states its offset from UTC."""
    moment = datetime.fromisoformat(value)
    return moment.tzinfo is not None and moment.utcoffset() is not None


def error_of(response) -> dict:
    """The contract's error object, after checking the response is JSON, not HTML."""
    assert response.is_json, response.data[:200]
    body = response.get_json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str)
    return body["error"]
