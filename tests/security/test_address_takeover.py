"""Attacks through a booking made with someone else's address (issue 12): anyone may book with any
address and so hold a manage token for it; that token must reach its own booking and nothing else.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from booking.extensions import db
from booking.models import CalendarFeed, OutboxMessage, Registration, User, normalise_email
from tests.account.helpers import sign_in
from tests.privacy.helpers import links_sent_to, prove

VICTIM = "kate@example.org"


def _victim_and_attacker(make):
    victim = make.registration(make.session(), email=VICTIM, name="Kate Victime", accessibility_needs="fauteuil")
    attacker = make.registration(make.session(), email=VICTIM, name="Mallory")
    return victim, attacker


def test_the_attackers_own_booking_token_cannot_read_the_victims_other_bookings(client, make):
    victim, attacker = _victim_and_attacker(make)

    response = client.get(f"/r/{attacker.manage_token}/my-data.json")

    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Kate Victime" not in text and "fauteuil" not in text
    assert [r["name"] for r in json.loads(text)["registrations"]] == ["Mallory"]
    # Nor may the attacker's session open the address-wide pages.
    for path in ("/my-data/all.json", "/my-data/bookings"):
        assert client.get(path).status_code == 302


def test_the_attackers_own_booking_token_cannot_erase_the_victims_other_bookings(client, make):
    victim, attacker = _victim_and_attacker(make)

    assert client.post(f"/r/{attacker.manage_token}/erase").status_code == 302
    assert client.post("/my-data/erase").status_code == 302  # no proof: sent to ask for a link

    db.session.expire_all()
    kept = db.session.get(Registration, victim.id)
    assert (kept.name, kept.email, kept.status, kept.accessibility_needs) == (
        "Kate Victime", VICTIM, "confirmed", "fauteuil")


def test_the_attackers_own_booking_token_cannot_subscribe_to_the_victims_bookings(client, make):
    victim, attacker = _victim_and_attacker(make)

    client.post(f"/calendar/subscribe/{attacker.manage_token}")
    page = client.get(f"/calendar/subscribe/{attacker.manage_token}").get_data(as_text=True)
    client.post(f"/calendar/subscribe/{attacker.manage_token}/revoke")
    client.post("/calendar/my-feed")

    assert "/calendar/feed/" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0


def test_asking_for_the_link_from_the_attackers_booking_sends_it_to_the_victim_only(client, make):
    _victim, attacker = _victim_and_attacker(make)

    page = client.post(f"/r/{attacker.manage_token}/email-link").get_data(as_text=True)

    assert VICTIM in page
    [link] = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "my_data_link")).all()
    assert link.recipient == VICTIM
    assert client.get("/my-data/bookings").status_code == 302  # sending it proves nothing here


def test_an_anonymous_erase_leaves_an_admin_account_able_to_sign_in(client, make):
    admin = make.user("admin@example.org", role="admin")
    booking = make.registration(make.session(), email="Admin@Example.org", name="Pas l'admin")

    assert client.post(f"/r/{booking.manage_token}/erase").status_code == 302

    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert (admin.email, admin.role, admin.active) == ("admin@example.org", "admin", True)
    assert sign_in(client, "admin@example.org").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_erasing_all_of_an_address_never_touches_its_account(client, make):
    admin = make.user("admin@example.org", role="admin")
    make.registration(make.session(), email="admin@example.org")

    prove(client, "admin@example.org")  # whoever reads the mailbox: still no way to an account without a password
    assert client.post("/my-data/erase").status_code == 302

    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert (admin.email, admin.role, admin.active) == ("admin@example.org", "admin", True)
    assert admin.password_hash


def test_a_kelvin_sign_look_alike_is_stored_and_mailed_as_the_real_address(client, make):
    victim = make.registration(make.session(), email=VICTIM, name="Kate Victime", accessibility_needs="fauteuil")
    look_alike = "\u212aate@example.org"  # KELVIN SIGN, then "ate"
    assert normalise_email(look_alike) == normalise_email(VICTIM)

    attacker = make.registration(make.session(), email=look_alike, name="Mallory")

    # Stored and written to in NFKC: the confirmation goes to the real owner, who is thus told.
    assert attacker.email == "Kate@example.org"
    recipients = db.session.scalars(
        sa.select(OutboxMessage.recipient).where(OutboxMessage.registration_id == attacker.id)).all()
    assert recipients and set(recipients) == {"Kate@example.org"}
    # Its token reads its own booking only; a link asked with the look-alike goes to the real mailbox.
    text = client.get(f"/r/{attacker.manage_token}/my-data.json").get_data(as_text=True)
    assert "Kate Victime" not in text and "fauteuil" not in text
    client.post("/my-data", data={"email": look_alike})
    assert [m.recipient for m in db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "my_data_link"))] == ["Kate@example.org"]
    assert client.get("/my-data/all.json").status_code == 302
    assert db.session.get(Registration, victim.id).name == "Kate Victime"


def test_a_kelvin_sign_address_cannot_sign_up_beside_the_real_account(client, make):
    make.user(VICTIM)
    client.post("/account/signup", data={"name": "Mallory", "email": "\u212aate@example.org",
                                         "password": "a long enough passphrase", "confirm": "a long enough passphrase"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_third_party_calendar_links_carry_the_public_event_never_the_booking_link(client, make):
    registration = make.registration(make.session())
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)

    third_party = [url.replace("&amp;", "&") for url in
                   re.findall(r'href="(https://(?:calendar\.google\.com|outlook\.live\.com)/[^"]+)"', page)]
    assert len(third_party) == 2
    event = registration.session.event
    for url in third_party:
        assert registration.manage_token not in url and "%2Fr%2F" not in url and "/r/" not in url
        values = " ".join(v for vs in parse_qs(urlsplit(url).query).values() for v in vs)
        assert f"http://guichet.test/events/{event.id}/{event.slug}" in values


def test_links_sent_for_an_address_are_listed_by_its_normalised_form(client, make):
    make.registration(make.session(), email="Zoe@Example.org")
    client.post("/my-data", data={"email": "ZOE@example.org"})
    assert len(links_sent_to("zoe@example.org")) == 1
