"""The emailed links and an erasure on PostgreSQL: spending once (UPDATE … RETURNING), and the outbox forgotten."""

import pytest
import sqlalchemy as sa

from booking import links, settings
from booking.extensions import db
from booking.models import LinkPurpose, OutboxMessage
from booking.privacy.personal_data import erase_person
from booking.services import email_proof
from booking.services.errors import InvalidLink

pytestmark = pytest.mark.postgres


def test_a_link_is_spent_once_on_postgres(pg_app, pg_make):
    pg_make.registration(pg_make.session(), email="Awa@Example.org")
    assert email_proof.request_link("awa@example.org", LinkPurpose.MY_DATA, "fr", link=links.my_data_link,
                                    lifetime=settings.email_link_lifetime())
    db.session.commit()
    url = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "my_data_link")).payload["link_url"]
    token = url.rsplit("/", 1)[1]

    assert email_proof.spend(token, LinkPurpose.MY_DATA) == "awa@example.org"
    db.session.commit()
    with pytest.raises(InvalidLink):
        email_proof.spend(token, LinkPurpose.MY_DATA)
    db.session.rollback()


def test_erasing_an_address_forgets_its_emails_on_postgres(pg_app, pg_make):
    pg_make.registration(pg_make.session(), email="Awa@Example.org", name="Awa Diallo")
    erase_person("awa@example.org")
    db.session.commit()
    text = " ".join(f"{m.recipient} {m.recipient_key} {m.payload}" for m in db.session.scalars(sa.select(OutboxMessage)))
    assert "awa" not in text.lower()
