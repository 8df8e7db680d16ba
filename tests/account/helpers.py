"""Signing in through the real form, and reading what landed in the outbox."""

import re

import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage

PASSWORD = "correct horse battery"  # the builders' default password


def sign_in(client, email: str, password: str = PASSWORD, *, remember: bool = False, next: str | None = None):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/account/login", query_string={"next": next} if next else None, data=data)


def sign_out(client):
    return client.post("/account/logout")


def signed_in_user_id(client) -> str | None:
    """The id of the account the client's session is signed in to (the session holds "id:fingerprint")."""
    with client.session_transaction() as session:
        held = session.get("_user_id")
    return held.partition(":")[0] if held else None


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
