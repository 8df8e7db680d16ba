"""The link that proves one reads an address: single use, short-lived, and silent about who is known."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import EmailLink, OutboxMessage, utcnow
from booking.privacy import proof
from booking.services import email_proof
from tests.privacy.helpers import links_sent_to, prove


def _count(kind: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == kind))


def test_the_link_opens_the_persons_bookings_once(client, make):
    booking = make.registration(make.session(), email="awa@example.org", name="Awa Diallo")
    client.post("/my-data", data={"email": "awa@example.org"})
    [link] = links_sent_to("awa@example.org")

    # A GET (what mail scanners do) spends nothing.
    assert client.get(link).status_code == 200 and client.get(link).status_code == 200
    assert client.post(link).location == "/my-data/bookings"
    assert booking.session.event.title in client.get("/my-data/bookings").get_data(as_text=True)

    other = client.application.test_client()
    assert other.post(link).status_code == 400  # spent
    assert other.get(link).status_code == 400
    assert other.get("/my-data/bookings").status_code == 302


def test_only_the_hash_of_the_link_is_stored(client, make):
    make.registration(make.session(), email="awa@example.org")
    client.post("/my-data", data={"email": "awa@example.org"})
    secret = links_sent_to("awa@example.org")[0].rsplit("/", 1)[1]
    stored = db.session.scalar(sa.select(EmailLink))
    assert secret not in stored.token_hash and len(stored.token_hash) == 64


def test_the_link_expires(client, make, monkeypatch):
    make.registration(make.session(), email="awa@example.org")
    client.post("/my-data", data={"email": "awa@example.org"})
    [link] = links_sent_to("awa@example.org")

    later = utcnow() + timedelta(minutes=31)
    monkeypatch.setattr(email_proof, "utcnow", lambda: later)

    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    assert client.get("/my-data/bookings").status_code == 302


def test_the_proven_scope_is_short_lived(client, make, monkeypatch):
    make.registration(make.session(), email="awa@example.org")
    prove(client, "awa@example.org")
    assert client.get("/my-data/bookings").status_code == 200

    later = utcnow() + timedelta(minutes=31)
    monkeypatch.setattr(proof, "utcnow", lambda: later)

    assert client.get("/my-data/bookings").status_code == 302


def test_a_link_for_one_purpose_cannot_be_used_for_another(client, make):
    make.user("awa@example.org")
    make.registration(make.session(), email="awa@example.org")
    client.post("/my-data", data={"email": "awa@example.org"})
    token = links_sent_to("awa@example.org")[0].rsplit("/", 1)[1]
    assert client.post(f"/account/login/link/{token}").status_code == 400


@pytest.mark.parametrize("path", ["/my-data", "/account/login/link"])
def test_the_answer_is_the_same_for_known_and_unknown_addresses_and_nothing_goes_to_unknown_ones(client, make, path):
    make.user("known@example.org")
    make.registration(make.session(), email="known@example.org")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))

    unknown = client.post(path, data={"email": "unknown@example.org"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == before
    known = client.post(path, data={"email": "known@example.org"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == before + 1

    assert unknown.status_code == known.status_code == 200
    assert page_as_compared(unknown).replace("unknown@", "known@") == page_as_compared(known)


def page_as_compared(response) -> str:
    """The page without its CSRF tokens, which carry the second they were made in (pages a second apart differ)."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", response.get_data(as_text=True))


def test_the_link_email_is_in_the_persons_language_with_text_and_html(client, make, app):
    from booking.mail.delivery import deliver_due

    make.registration(make.session(), email="mamadou@example.org", locale="fr")
    client.post("/my-data", data={"email": "mamadou@example.org"}, headers={"Accept-Language": "fr"})
    deliver_due()
    from pathlib import Path

    [text] = [text for path in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")
              if "my-data/link/" in (text := path.read_bytes().decode("utf-8", "replace"))]
    assert "text/plain" in text and "text/html" in text
    assert "Content-Language: fr" in text


def test_the_booking_page_offers_a_link_to_the_bookings_address(client, make):
    registration = make.registration(make.session(), email="awa@example.org")
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    assert f'action="/r/{registration.manage_token}/email-link"' in page
    assert "Send a link to awa@example.org" in page

    client.post(f"/r/{registration.manage_token}/email-link")
    assert _count("my_data_link") == 1


def test_a_confirmed_account_counts_as_proof_of_its_address(client, make):
    user = make.user("awa@example.org")
    booking = make.registration(make.session(), email="awa@example.org", name="Awa Diallo")
    from tests.account.helpers import sign_in

    sign_in(client, "awa@example.org")
    assert client.get("/my-data/bookings").status_code == 302  # not confirmed yet
    user.email_verified_at = utcnow()
    db.session.commit()
    assert booking.session.event.title in client.get("/my-data/bookings").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_asking_for_links_is_rate_limited_per_recipient(client, make, app_config):
    make.registration(make.session(), email="awa@example.org")
    answers = [client.post("/my-data", data={"email": "awa@example.org"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert len(links_sent_to("awa@example.org")) == 3
