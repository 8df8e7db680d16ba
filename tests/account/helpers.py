"""Signing in through the real form, and reading what landed in the outbox."""

import re

import pytest
import sqlalchemy as sa
from flask import g, request_started

from booking.extensions import db
from booking.models import OutboxMessage
from booking.models import user as user_model

PASSWORD = "correct horse battery"  # the builders' default password


def sign_in(client, email: str, password: str = PASSWORD, *, remember: bool = False, next: str | None = None):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/account/login", query_string={"next": next} if next else None, data=data)


def sign_out(client):
    return client.post("/account/logout")


def signed_in_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def outbox(kind: str | None = None, recipient: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query))


def path_of(url: str) -> str:
    """The path (and query) of an absolute link from an email."""
    return re.sub(r"^https?://[^/]+", "", url)


def csrf_token_of(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture(autouse=True)
def fresh_g_per_request(app):
    """Start every request with an empty ``g``, as a real server does.

    The ``app`` fixture keeps one application context for the whole test, and
    Flask reuses it for each request, ``g`` included: Flask-Login's cached
    ``g._login_user`` and Flask-WTF's ``g.csrf_token`` would then survive from
    one request to the next (a signed-out client would still look signed in).
    """

    def forget_user(_sender, **_extra):
        for name in list(g):
            g.pop(name)

    request_started.connect(forget_user, app)
    yield
    request_started.disconnect(forget_user, app)


REAL_GENERATE_PASSWORD_HASH = user_model.generate_password_hash


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """scrypt with a small work factor: the same code path, a hundred times faster.

    ``test_passwords`` checks, with the real function, that accounts get the full-strength scheme.
    """

    def quick(password, method="scrypt", salt_length=16):
        return REAL_GENERATE_PASSWORD_HASH(password, "scrypt:1024:8:1" if method == "scrypt" else method, salt_length)

    monkeypatch.setattr(user_model, "generate_password_hash", quick)
