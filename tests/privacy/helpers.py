"""Proving one reads a mailbox, as a person would: ask for the link, open it, press the button."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, normalise_email
from tests.account.helpers import path_of


def links_sent_to(email: str, kind: str = "my_data_link") -> list[str]:
    """The paths of the single-use links queued for this address (its normalised form), oldest first."""
    messages = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == kind, OutboxMessage.recipient_key == normalise_email(email))
        .order_by(OutboxMessage.id)
    )
    return [path_of(message.payload["link_url"]) for message in messages]


def prove(client, email: str):
    """Ask for a link to ``email`` on the public page, then spend it; returns the last answer."""
    assert client.post("/my-data", data={"email": email}).status_code == 200
    link = links_sent_to(email)[-1]
    assert client.get(link).status_code == 200
    return client.post(link)
